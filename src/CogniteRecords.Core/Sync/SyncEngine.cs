using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Filters;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Json;
using CogniteRecords.Core.Models;

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

        /// <summary>Checks what can be checked before any request; throws <see cref="InvalidSyncArgumentException"/>.</summary>
        public void Validate()
        {
            var why = Identifiers.CheckStreamId(Stream);
            if (why != null) throw new InvalidSyncArgumentException("InvalidStreamId", "Stream", why);
            if (PageSize < 1 || PageSize > 1000)
                throw new InvalidSyncArgumentException("InvalidPageSize", "PageSize", $"The page size {PageSize} is out of range: the API takes 1 to 1000 records per request.");
            if (Sources.Count > SourceParser.MaxContainers)
                throw new InvalidSyncArgumentException("TooManySources", "Source", $"{Sources.Count} containers were given as sources; the API takes 1 to {SourceParser.MaxContainers}.");
            if (Cursor != null && !IsValidCursor(Cursor))
                throw new InvalidSyncArgumentException("InvalidCursor", "Cursor", "The cursor must be 1 to 100,000 characters long.");
            if (Cursor == null)
            {
                if (InitializeCursor == null)
                    throw new InvalidSyncArgumentException("NoCursor", "InitializeCursor", $"There is no cursor to continue from for stream '{Stream}': pass -InitializeCursor (e.g. '2d-ago') to say where to start, or -Cursor.");
                var bad = Sync.InitializeCursor.Check(InitializeCursor);
                if (bad != null) throw new InvalidSyncArgumentException("InvalidInitializeCursor", "InitializeCursor", bad);
            }
            if (PollInterval < MinPollInterval || PollInterval > MaxPollInterval)
                throw new InvalidSyncArgumentException("InvalidPollInterval", "PollInterval", $"The poll interval {PollInterval} is out of range: give 100 milliseconds to 1 day.");
        }

        /// <summary>The longest cursor taken (far above what the API sends); the same bound holds for a cursor the API returns.</summary>
        public const int MaxCursorLength = 100_000;

        /// <summary>Whether a cursor could be sent back: 1 to <see cref="MaxCursorLength"/> characters.</summary>
        public static bool IsValidCursor(string? cursor) => cursor != null && cursor.Length >= 1 && cursor.Length <= MaxCursorLength;

        /// <summary>The key of the session cursor: stream, sources and filter (the connection adds project and URL).</summary>
        public string KeyText => Stream + "|" + SourceParser.Canonical(Sources) + "|" + (Filter?.ToJson() ?? "");
    }

    /// <summary>
    /// The sync engine: resolves the columns, then reads the stream page by page, yielding each page as soon as it
    /// has been read so that the caller can write it out (and only then commit its cursor).
    /// </summary>
    public static class SyncEngine
    {
        /// <summary>
        /// The flat columns for the request's sources, read from the containers (one containers/byids call), so that
        /// they are known before the first record. No call when there are no sources.
        /// </summary>
        public static async Task<RecordColumns> ResolveColumnsAsync(CdfApiClient client, IReadOnlyList<SourceSelection> sources,
            IRequestObserver? observer, CancellationToken cancellationToken)
        {
            if (sources.Count == 0) return RecordColumns.Empty;
            var ids = sources.Select(s => (s.Space, s.Container)).Distinct().ToList();
            IReadOnlyList<ContainerDefinition> containers;
            try
            {
                containers = await ContainersApi.RetrieveAsync(client, ids, observer, cancellationToken).ConfigureAwait(false);
            }
            catch (CdfApiException e) when (e.Kind == CdfErrorKind.NotFound || (e.Kind == CdfErrorKind.InvalidRequest && e.Missing.Count > 0))
            {
                throw new SourceNotFoundException("ContainerNotFound", "A source container was not found: " + e.Message);
            }
            return RecordColumns.Build(sources, containers);
        }

        /// <summary>
        /// Opens a reader of the request's pages: each <see cref="SyncReader.ReadNextAsync"/> reads one page, until the
        /// stream is caught up (hasNext false) or <see cref="SyncRequest.MaxRecords"/> are read.
        /// </summary>
        /// <param name="columns">Flat columns from <see cref="ResolveColumnsAsync"/>, or null for raw items.</param>
        public static SyncReader Open(CdfApiClient client, SyncRequest request, RecordColumns? columns, JsonValueFactory? factory, IRequestObserver? observer)
        {
            request.Validate();
            return new SyncReader(client, request, columns, factory ?? JsonValueFactory.Default, observer);
        }
    }
}

namespace CogniteRecords.Core.Sync
{
    /// <summary>
    /// Reads a stream's pages one request at a time. A pull reader (rather than IAsyncEnumerable) keeps the engine free
    /// of Microsoft.Bcl.AsyncInterfaces, whose version PowerShell's own copy would clash with.
    /// </summary>
    public sealed class SyncReader
    {
        private readonly CdfApiClient _client;
        private readonly SyncRequest _request;
        private readonly SyncPageReader _reader;
        private readonly IRequestObserver? _observer;
        private readonly Uri _url;
        private string? _cursor;
        private ulong? _remaining;
        private bool _done;
        private bool _caughtUp;
        private int _repeats;
        private TimeSpan _pause;

        /// <summary>Answers in a row with hasNext true and the cursor they were asked with before the sync gives up.</summary>
        public const int MaxRepeatedCursor = 3;

        /// <summary>The first pause after an empty page that says more is waiting (which the API sends when a filter is rare).</summary>
        public static readonly TimeSpan FirstEmptyPagePause = TimeSpan.FromMilliseconds(100);

        /// <summary>The longest such pause: the pause doubles while pages stay empty, up to this.</summary>
        public static readonly TimeSpan MaxEmptyPagePause = TimeSpan.FromSeconds(5);

        internal SyncReader(CdfApiClient client, SyncRequest request, RecordColumns? columns, JsonValueFactory factory, IRequestObserver? observer)
        {
            _client = client; _request = request; _observer = observer;
            _reader = new SyncPageReader(columns, factory);
            _url = client.ProjectUri("streams/" + Uri.EscapeDataString(request.Stream) + "/records/sync");
            _cursor = request.Cursor;
            _remaining = request.MaxRecords;
            _done = _remaining == 0;
        }

        /// <summary>The cursor the next request starts from (null before the first page when starting from initializeCursor).</summary>
        public string? Cursor => _cursor;

        /// <summary>Whether the reader has finished: caught up (unless following) or the wanted number of records read.</summary>
        public bool IsDone => _done;

        /// <summary>
        /// The next page, or null when done. A page that says more is waiting but holds nothing is followed after a pause
        /// that grows while pages stay empty; an answer whose cursor does not move while it says more is waiting is not
        /// returned (so never committed), and after <see cref="MaxRepeatedCursor"/> of them in a row the sync fails.
        /// </summary>
        public async Task<SyncPage?> ReadNextAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                if (_done) return null;
                var page = await ReadOnceAsync(cancellationToken).ConfigureAwait(false);
                if (page != null) return page;
            }
        }

        private async Task<SyncPage?> ReadOnceAsync(CancellationToken cancellationToken)
        {
            if (_caughtUp)
            {
                // Following, and the last page had reached the newest data: wait (cancellable at once), then ask again.
                await Task.Delay(_request.PollInterval, cancellationToken).ConfigureAwait(false);
            }
            else if (_pause > TimeSpan.Zero)
            {
                await Task.Delay(_pause, cancellationToken).ConfigureAwait(false);
            }
            var limit = _remaining is ulong r && r < (ulong)_request.PageSize ? (int)r : _request.PageSize;
            var sentCursor = _cursor;
            var watch = Stopwatch.StartNew();
            var result = await _client.SendAsync(HttpMethod.Post, _url,
                w => ApiJson.WriteSyncBody(w, _request.Sources, _request.Filter, sentCursor, _request.InitializeCursor, limit),
                (stream, ct) => _reader.ReadAsync(stream, ct), _observer, cancellationToken).ConfigureAwait(false);
            watch.Stop();

            var items = result.Items;
            if (items.Count > limit)
            {
                // The API never sends more than asked; keeping extra records would break -First exactness.
                throw new CdfApiException(CdfErrorKind.InvalidResponse, $"The sync response held {items.Count} records for a limit of {limit}.");
            }
            if (!SyncRequest.IsValidCursor(result.NextCursor))
            {
                // Kept, this cursor would be refused on the next run (and by the checkpoint file): never take it.
                throw new CdfApiException(CdfErrorKind.InvalidResponse, string.Format(CultureInfo.InvariantCulture,
                    "The sync response for stream '{0}' has {1} as its nextCursor, which cannot be used to continue; nothing of it was kept.",
                    _request.Stream, result.NextCursor.Length == 0 ? "an empty string" : $"a cursor of {result.NextCursor.Length:N0} characters"), 200);
            }
            if (result.HasNext && sentCursor != null && string.Equals(result.NextCursor, sentCursor, StringComparison.Ordinal))
            {
                // The cursor did not move although more is said to wait: the same answer would come forever. Keep nothing
                // of it, ask again a few times after a pause, then give up.
                if (++_repeats >= MaxRepeatedCursor)
                {
                    throw new CdfApiException(CdfErrorKind.InvalidResponse, string.Format(CultureInfo.InvariantCulture,
                        "The service answered {0} times in a row for stream '{1}' that more changes wait, but with the cursor it was asked with ('{2}'): " +
                        "the sync would never end. Nothing after the first repeat was kept; the kept cursor is still '{2}'.",
                        _repeats, _request.Stream, ShortCursor(sentCursor)), 200);
                }
                _observer?.Debug($"The sync cursor did not move (answer {_repeats} in a row with hasNext true): asking again after a pause.");
                _pause = NextPause(_pause);
                return null;
            }
            _repeats = 0;
            // Empty pages that say more waits come when a filter is rare: follow them, more slowly while they stay empty.
            _pause = result.HasNext && items.Count == 0 ? NextPause(_pause) : TimeSpan.Zero;

            var page = new SyncPage(items, result.NextCursor, result.HasNext, result.Bytes, watch.Elapsed, limit);
            _cursor = page.NextCursor;
            if (_remaining is ulong left) _remaining = left - (ulong)items.Count;
            _caughtUp = !page.HasNext;
            if ((_caughtUp && !_request.Follow) || _remaining == 0) _done = true;
            return page;
        }

        private static TimeSpan NextPause(TimeSpan pause)
        {
            if (pause <= TimeSpan.Zero) return FirstEmptyPagePause;
            var doubled = TimeSpan.FromTicks(pause.Ticks * 2);
            return doubled > MaxEmptyPagePause ? MaxEmptyPagePause : doubled;
        }

        /// <summary>A cursor short enough for a message: its start and end.</summary>
        public static string ShortCursor(string? cursor) =>
            cursor == null ? "none" : cursor.Length <= 16 ? cursor : cursor.Substring(0, 8) + "…" + cursor.Substring(cursor.Length - 6);
    }
}
