using System;
using System.Collections.Generic;
using CogniteRecords.Core.Filters;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Core.Sync
{
    /// <summary>What to sync: a stream, the sources and filter, where to start, how much to read.</summary>
    public sealed class SyncRequest
    {
        public SyncRequest(string stream) => Stream = stream;

        public string Stream { get; }
        public IReadOnlyList<SourceSelection> Sources { get; set; } = Array.Empty<SourceSelection>();
        public FilterNode? Filter { get; set; }

        /// <summary>Where to resume; wins over <see cref="InitializeCursor"/>.</summary>
        public string? Cursor { get; set; }

        /// <summary>"&lt;n&gt;&lt;m|h|d&gt;-ago": where to start without a cursor.</summary>
        public string? InitializeCursor { get; set; }

        /// <summary>Records per request, 1-1000.</summary>
        public int PageSize { get; set; } = 1000;

        /// <summary>Stop after this many records; the last request asks for no more than are still wanted.</summary>
        public ulong? MaxRecords { get; set; }

        /// <summary>Keep polling after catching up (hasNext false), every <see cref="PollInterval"/>, until cancelled or <see cref="MaxRecords"/>.</summary>
        public bool Follow { get; set; }

        /// <summary>With <see cref="Follow"/>: the wait before asking again once caught up. While data flows the next page is asked for at once.</summary>
        public TimeSpan PollInterval { get; set; } = DefaultPollInterval;

        /// <summary>The default <see cref="PollInterval"/>: 10 seconds.</summary>
        public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(10);

        /// <summary>The shortest <see cref="PollInterval"/>: keeps an idle follower far below the API's request budget.</summary>
        public static readonly TimeSpan MinPollInterval = TimeSpan.FromMilliseconds(100);

        /// <summary>The longest <see cref="PollInterval"/> (a day; cursors may expire if polled more rarely).</summary>
        public static readonly TimeSpan MaxPollInterval = TimeSpan.FromDays(1);

        /// <summary>Checks what can be checked before any request; throws <see cref="CdfArgumentException"/>.</summary>
        public void Validate()
        {
            var why = Identifiers.CheckStreamId(Stream);
            if (why != null) throw new CdfArgumentException("InvalidStreamId", "Stream", why);
            if (PageSize < 1 || PageSize > 1000)
                throw new CdfArgumentException("InvalidPageSize", "PageSize", $"The page size {PageSize} is out of range: the API takes 1 to 1000 records per request.");
            if (Sources.Count > SourceParser.MaxContainers)
                throw new CdfArgumentException("TooManySources", "Source", $"{Sources.Count} containers were given as sources; the API takes 1 to {SourceParser.MaxContainers}.");
            if (Cursor != null && !IsValidCursor(Cursor))
                throw new CdfArgumentException("InvalidCursor", "Cursor", "The cursor must be 1 to 100,000 characters long.");
            if (Cursor == null)
            {
                if (InitializeCursor == null)
                    throw new CdfArgumentException("NoCursor", "InitializeCursor", $"There is no cursor to continue from for stream '{Stream}': pass -InitializeCursor (e.g. '2d-ago') to say where to start, or -Cursor.");
                var bad = Sync.InitializeCursor.Check(InitializeCursor);
                if (bad != null) throw new CdfArgumentException("InvalidInitializeCursor", "InitializeCursor", bad);
            }
            if (PollInterval < MinPollInterval || PollInterval > MaxPollInterval)
                throw new CdfArgumentException("InvalidPollInterval", "PollInterval", $"The poll interval {PollInterval} is out of range: give 100 milliseconds to 1 day.");
        }

        /// <summary>The longest cursor taken (far above what the API sends); the same bound holds for a cursor the API returns.</summary>
        public const int MaxCursorLength = 100_000;

        /// <summary>Whether a cursor could be sent back: 1 to <see cref="MaxCursorLength"/> characters.</summary>
        public static bool IsValidCursor(string? cursor) => cursor != null && cursor.Length >= 1 && cursor.Length <= MaxCursorLength;

        /// <summary>The key of the session cursor: stream, sources and filter (the connection adds project and URL).</summary>
        public string KeyText => Stream + "|" + SourceParser.Canonical(Sources) + "|" + (Filter?.ToJson() ?? "");
    }
}
