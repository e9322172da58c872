using System;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Json;
using CogniteRecords.Core.Records;

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
            DateTimeOffset? serverTime = null;
            var result = await _client.SendAsync(HttpMethod.Post, _url,
                w => ApiJson.WriteSyncBody(w, _request.Sources, _request.Filter, sentCursor, _request.InitializeCursor, limit),
                (stream, ct) => _reader.ReadAsync(stream, ct), _observer, cancellationToken,
                headers => serverTime = headers.Date).ConfigureAwait(false);
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

            var page = new SyncPage(items, result.NextCursor, result.HasNext, result.Bytes, watch.Elapsed, limit) { ServerTime = serverTime };
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
