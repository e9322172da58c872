using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Filters;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Json;
using CogniteRecords.Core.Streams;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Core.Records
{
    /// <summary>The filter endpoint: lastUpdatedTime windows by the stream's rules, one request per window, and lookups by id.</summary>
    public static class RecordQuery
    {
        /// <summary>Leeway kept below maxFilteringInterval for an open-ended last window, for the time until the request arrives.</summary>
        public static readonly TimeSpan OpenWindowLeeway = TimeSpan.FromMinutes(5);

        /// <summary>
        /// The windows to ask for. A mutable stream takes the range as given (one request). An immutable stream needs a
        /// lower bound, and no request may span more than its maxFilteringInterval: a longer range is cut into
        /// consecutive windows, oldest first; an open-ended range ends with a window a little shorter than the
        /// interval (<see cref="OpenWindowLeeway"/>) and no upper bound, so that it reaches "now" at the server.
        /// Throws <see cref="CdfArgumentException"/> before any request when the rules cannot be met.
        /// </summary>
        public static IReadOnlyList<UpdatedWindow> PlanWindows(StreamInfo stream, long? from, long? to, long nowMs)
        {
            if (stream.IsMutable) return new[] { new UpdatedWindow(from, to) };
            if (from == null)
            {
                throw new CdfArgumentException("LowerBoundRequired", "UpdatedAfter",
                    $"The stream '{stream.ExternalId}' is immutable: a lastUpdatedTime lower bound is required (-UpdatedAfter)" +
                    (stream.MaxFilteringInterval != null ? $", and each request spans at most its maxFilteringInterval ({stream.MaxFilteringInterval})." : "."));
            }
            var window = stream.FilteringWindow;
            if (window == null || window.Value == TimeSpan.MaxValue) return new[] { new UpdatedWindow(from, to) };
            var span = (long)window.Value.TotalMilliseconds;
            if (span <= 0) throw new CdfArgumentException("InvalidStream", "Stream", $"The stream's maxFilteringInterval '{stream.MaxFilteringInterval}' is not a usable window.");

            var leeway = (long)OpenWindowLeeway.TotalMilliseconds;
            var windows = new List<UpdatedWindow>();
            long cut;
            long? openStart = null;
            if (to == null)
            {
                // Open-ended: the last window has no upper bound, so it must fit even when the request arrives later.
                var openSpan = span > 2 * leeway ? span - leeway : span / 2;
                if (nowMs - from.Value <= openSpan) return new[] { new UpdatedWindow(from, null) };
                openStart = nowMs - openSpan;
                cut = openStart.Value;
            }
            else
            {
                if (to.Value - from.Value <= span) return new[] { new UpdatedWindow(from, to) };
                cut = to.Value;
            }
            for (var start = from.Value; start < cut; start += span)
            {
                windows.Add(new UpdatedWindow(start, Math.Min(start + span, cut)));
                if (windows.Count > 10_000) throw new CdfArgumentException("InvalidTimeRange", "UpdatedAfter", "The lastUpdatedTime range needs more than 10,000 requests: narrow it.");
            }
            if (openStart != null) windows.Add(new UpdatedWindow(openStart, null));
            return windows;
        }

        /// <summary>One filter request: the records of one window, flat (with <paramref name="columns"/>) or raw.</summary>
        public static async Task<IReadOnlyList<SyncItem>> FilterAsync(CdfApiClient client, RecordQueryRequest request, UpdatedWindow window, int limit,
            RecordColumns? columns, JsonValueFactory factory, IRequestObserver? observer, CancellationToken cancellationToken)
        {
            var url = client.ProjectUri("streams/" + Uri.EscapeDataString(request.Stream) + "/records/filter");
            var reader = new SyncPageReader(columns, factory, requireCursor: false);
            var result = await client.SendAsync(HttpMethod.Post, url,
                w => ApiJson.WriteFilterBody(w, request.Sources, request.Filter, request.Sort, window, limit),
                (stream, ct) => reader.ReadAsync(stream, ct), observer, cancellationToken).ConfigureAwait(false);
            return result.Items;
        }

        /// <summary>The records one filter request returns at most.</summary>
        public const int PageSize = 1000;

        /// <summary>
        /// Every record of one window that matches (Get-CdfRecord -All): pages of <see cref="PageSize"/> in
        /// lastUpdatedTime order (then space, externalId), each page starting at the last page's last millisecond, the
        /// records already written at that millisecond skipped. A page entirely within one millisecond (a bulk write
        /// stamps many records alike) is finished by reading that millisecond from the other end (space and
        /// externalId descending): up to two pages a millisecond can be read; more fail with
        /// <see cref="CdfArgumentException"/> (TooManyAtOneTime) rather than miss records. On a mutable stream
        /// a record updated while the pages are read moves to a later time and can be written twice, never missed.
        /// </summary>
        /// <param name="onPage">Called with each page's new records, in order; awaited before the next request.</param>
        public static async Task ReadAllAsync(CdfApiClient client, RecordQueryRequest request, UpdatedWindow window, RecordColumns? columns,
            JsonValueFactory factory, Func<IReadOnlyList<SyncItem>, Task> onPage, IRequestObserver? observer, CancellationToken cancellationToken)
        {
            var ascending = Copy(request, false);
            var seen = new HashSet<(string, string)>();
            long edge = long.MinValue;
            var from = window.From;
            while (true)
            {
                var items = await FilterAsync(client, ascending, new UpdatedWindow(from, window.To), PageSize, columns, factory, observer, cancellationToken).ConfigureAwait(false);
                await Emit(items).ConfigureAwait(false);
                if (items.Count < PageSize) return;
                var last = items[items.Count - 1].LastUpdatedTime;
                if (items[0].LastUpdatedTime == last)
                {
                    // The whole page is one millisecond: read it from the other end too, then go past it.
                    var descending = Copy(request, true);
                    var rest = await FilterAsync(client, descending, new UpdatedWindow(last, last + 1), PageSize, columns, factory, observer, cancellationToken).ConfigureAwait(false);
                    var overlaps = rest.Count < PageSize || rest.Any(i => seen.Contains((i.Space, i.ExternalId)));
                    await Emit(rest).ConfigureAwait(false);
                    if (!overlaps)
                        throw new CdfArgumentException("TooManyAtOneTime", "All",
                            $"More than {2 * PageSize} records of stream '{request.Stream}' have lastUpdatedTime {StreamsApi.Ms(last)}: the filter endpoint cannot page through them. Read the stream with Sync-CdfRecord instead.");
                    if (window.To is long to && last + 1 >= to) return;
                    from = last + 1;
                }
                else from = last;
            }

            Task Emit(IReadOnlyList<SyncItem> page)
            {
                var fresh = new List<SyncItem>(page.Count);
                foreach (var item in page)
                {
                    if (item.LastUpdatedTime != edge) { seen.Clear(); edge = item.LastUpdatedTime; }
                    if (seen.Add((item.Space, item.ExternalId))) fresh.Add(item);
                }
                return fresh.Count > 0 ? onPage(fresh) : Task.CompletedTask;
            }
        }

        private static RecordQueryRequest Copy(RecordQueryRequest request, bool descending) => new RecordQueryRequest(request.Stream)
        {
            Sources = request.Sources,
            Filter = request.Filter,
            Sort = new[]
            {
                new RecordSort(new[] { "lastUpdatedTime" }, descending), new RecordSort(new[] { "space" }, descending), new RecordSort(new[] { "externalId" }, descending),
            },
            Limit = PageSize,
        };

        /// <summary>
        /// The current records with these ids (one space per call), in the API's nested JSON, keyed by external id:
        /// a filter on space and externalId (100 ids a request), every property of the given containers.
        /// </summary>
        public static async Task<Dictionary<string, JsonElement>> LookupAsync(CdfApiClient client, string stream, string space, IReadOnlyList<string> externalIds,
            IReadOnlyList<(string Space, string Container)> containers, IRequestObserver? observer, CancellationToken cancellationToken)
        {
            var url = client.ProjectUri("streams/" + Uri.EscapeDataString(stream) + "/records/filter");
            var sources = containers.Select(c => new SourceSelection(c.Space, c.Container, new[] { "*" })).ToList();
            var found = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            for (var i = 0; i < externalIds.Count; i += 100)
            {
                var chunk = externalIds.Skip(i).Take(100).ToList();
                var filter = FilterParser.Parse(new List<KeyValuePair<string, object?>>
                {
                    new KeyValuePair<string, object?>("and", new List<object?>
                    {
                        new List<KeyValuePair<string, object?>> { new KeyValuePair<string, object?>("equals", new List<KeyValuePair<string, object?>>
                            { new KeyValuePair<string, object?>("property", new List<object?> { "space" }), new KeyValuePair<string, object?>("value", space) }) },
                        new List<KeyValuePair<string, object?>> { new KeyValuePair<string, object?>("in", new List<KeyValuePair<string, object?>>
                            { new KeyValuePair<string, object?>("property", new List<object?> { "externalId" }), new KeyValuePair<string, object?>("values", chunk.Cast<object?>().ToList()) }) },
                    }),
                });
                var items = await client.SendAsync(HttpMethod.Post, url,
                    w => ApiJson.WriteFilterBody(w, sources, filter, Array.Empty<RecordSort>(), default, 1000),
                    async (s, ct) =>
                    {
                        using var doc = await JsonDocument.ParseAsync(s, default, ct).ConfigureAwait(false);
                        var list = new List<JsonElement>();
                        if (doc.RootElement.TryGetProperty("items", out var arr) && arr.ValueKind == JsonValueKind.Array)
                            foreach (var item in arr.EnumerateArray()) list.Add(item.Clone());
                        return list;
                    }, observer, cancellationToken).ConfigureAwait(false);
                foreach (var item in items)
                {
                    if (item.TryGetProperty("externalId", out var id) && id.ValueKind == JsonValueKind.String) found[id.GetString()!] = item;
                }
            }
            return found;
        }
    }
}
