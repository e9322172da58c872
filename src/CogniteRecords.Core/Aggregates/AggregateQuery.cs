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
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Core.Aggregates
{
    /// <summary>
    /// Runs an aggregate request over one or more lastUpdatedTime windows (<see cref="RecordQuery.PlanWindows"/>) and
    /// combines the windows' answers exactly: counts and sums add, min and max combine, averages are asked as sum and
    /// count and divided at the end, buckets merge by value, interval or filter (empty intervals between windows
    /// filled in), and moving functions are computed again over the merged buckets. uniqueValues are asked with the
    /// largest size in every window; when a window fills it, the combined counts may be low
    /// (<see cref="AggregateResult.MayBeIncomplete"/>).
    /// </summary>
    public static class AggregateQuery
    {
        public static async Task<IReadOnlyList<KeyValuePair<string, AggregateResult>>> RunAsync(CdfApiClient client, string stream, FilterNode? filter,
            IReadOnlyList<UpdatedWindow> windows, IReadOnlyList<KeyValuePair<string, AggregateSpec>> aggregates,
            Action<int>? onWindow, IRequestObserver? observer, CancellationToken cancellationToken)
        {
            var url = client.ProjectUri("streams/" + Uri.EscapeDataString(stream) + "/records/aggregate");
            bool split = windows.Count > 1;
            var asked = split ? ForWindows(aggregates, 1) : aggregates;
            List<KeyValuePair<string, AggregateResult>>? combined = null;
            for (int i = 0; i < windows.Count; i++)
            {
                onWindow?.Invoke(i);
                var window = windows[i];
                var answer = await client.SendAsync(HttpMethod.Post, url,
                    w => ApiJson.WriteAggregateBody(w, filter, window.From, window.To, asked),
                    async (s, ct) =>
                    {
                        using var doc = await JsonDocument.ParseAsync(s, default, ct).ConfigureAwait(false);
                        var root = doc.RootElement.GetProperty("aggregates");
                        return ReadLevel(root, split ? aggregates : asked, split);
                    }, observer, cancellationToken).ConfigureAwait(false);
                combined = combined == null ? answer : MergeLevel(combined, answer);
            }
            if (split) FinishLevel(combined!);
            return combined!;
        }

        /// <summary>Checks before any request that the tree can be split over windows; throws InvalidAggregate when not.</summary>
        public static void CheckSplittable(IReadOnlyList<KeyValuePair<string, AggregateSpec>> aggregates) => ForWindows(aggregates, 1);

        // The results read from a window: the user's tree; the request may differ (avg as sum and count, no moving functions).
        private static List<KeyValuePair<string, AggregateResult>> ReadLevel(JsonElement root, IReadOnlyList<KeyValuePair<string, AggregateSpec>> level, bool split)
        {
            var results = new List<KeyValuePair<string, AggregateResult>>();
            foreach (var kv in level)
            {
                if (!root.TryGetProperty(kv.Key, out var e)) continue;
                results.Add(new KeyValuePair<string, AggregateResult>(kv.Key, AggregateResult.Read(e, kv.Value, split)));
            }
            return results;
        }

        /// <summary>The tree asked of each window when there are several.</summary>
        internal static IReadOnlyList<KeyValuePair<string, AggregateSpec>> ForWindows(IReadOnlyList<KeyValuePair<string, AggregateSpec>> level, int depth)
        {
            var result = new List<KeyValuePair<string, AggregateSpec>>();
            foreach (var kv in level)
            {
                var spec = kv.Value;
                switch (spec.Kind)
                {
                    case "movingFunction":
                        continue;
                    case "avg":
                        if (depth >= AggregateParser.MaxDepth)
                        {
                            throw new CdfArgumentException("AggregateNotCombinable", "Aggregate",
                                $"The avg '{kv.Key}' is at level {depth}: over several lastUpdatedTime windows an average is asked as a sum and a count one level deeper, and the API allows {AggregateParser.MaxDepth} levels. Narrow -UpdatedAfter/-UpdatedBefore to one maxFilteringInterval, or move the avg up a level.");
                        }
                        var wrapper = AggregateSpec.MatchAllBucket(new[]
                        {
                            new KeyValuePair<string, AggregateSpec>("s", AggregateSpec.Metric("sum", spec.Property)),
                            new KeyValuePair<string, AggregateSpec>("n", AggregateSpec.Metric("count", spec.Property)),
                        });
                        result.Add(new KeyValuePair<string, AggregateSpec>(kv.Key, wrapper));
                        continue;
                }
                var children = spec.Aggregates.Count > 0 ? ForWindows(spec.Aggregates, depth + 1) : spec.Aggregates;
                result.Add(new KeyValuePair<string, AggregateSpec>(kv.Key,
                    spec.With(children, spec.Kind == "uniqueValues" ? AggregateParser.MaxUniqueValuesSize : (int?)null)));
            }
            return result;
        }

        private static List<KeyValuePair<string, AggregateResult>> MergeLevel(List<KeyValuePair<string, AggregateResult>> a, List<KeyValuePair<string, AggregateResult>> b)
        {
            var result = new List<KeyValuePair<string, AggregateResult>>();
            foreach (var kv in a)
            {
                var other = b.FirstOrDefault(x => x.Key == kv.Key).Value;
                result.Add(new KeyValuePair<string, AggregateResult>(kv.Key, other == null ? kv.Value : Merge(kv.Value, other)));
            }
            return result;
        }

        private static AggregateResult Merge(AggregateResult a, AggregateResult b)
        {
            var spec = a.Spec;
            var r = new AggregateResult(spec) { MayBeIncomplete = a.MayBeIncomplete || b.MayBeIncomplete };
            switch (spec.Kind)
            {
                case "count":
                case "sum":
                    r.Value = (a.Value ?? 0) + (b.Value ?? 0);
                    return r;
                case "min":
                    r.Value = a.Value == null ? b.Value : b.Value == null ? a.Value : Math.Min(a.Value.Value, b.Value.Value);
                    return r;
                case "max":
                    r.Value = a.Value == null ? b.Value : b.Value == null ? a.Value : Math.Max(a.Value.Value, b.Value.Value);
                    return r;
                case "avg":
                    r.AvgSum = a.AvgSum + b.AvgSum;
                    r.AvgCount = a.AvgCount + b.AvgCount;
                    r.Value = r.AvgCount == 0 ? (double?)null : r.AvgSum / r.AvgCount;
                    return r;
            }
            if (spec.Kind == "uniqueValues" && (a.Buckets!.Count >= AggregateParser.MaxUniqueValuesSize || b.Buckets!.Count >= AggregateParser.MaxUniqueValuesSize))
                r.MayBeIncomplete = true;
            var merged = new List<AggregateBucket>(a.Buckets!);
            foreach (var bb in b.Buckets!)
            {
                int i = merged.FindIndex(x => Equals(x.Value, bb.Value) && Nullable.Equals(x.Start, bb.Start));
                if (i < 0)
                {
                    merged.Add(bb);
                    continue;
                }
                var ab = merged[i];
                merged[i] = new AggregateBucket { Value = ab.Value, Start = ab.Start, Count = ab.Count + bb.Count, Aggregates = MergeLevel(ab.Aggregates, bb.Aggregates) };
            }
            r.Buckets = merged;
            return r;
        }

        private static void FinishLevel(List<KeyValuePair<string, AggregateResult>> level)
        {
            foreach (var kv in level) Finish(kv.Value);
        }

        private static void Finish(AggregateResult r)
        {
            var spec = r.Spec;
            if (r.Buckets == null) return;
            if (spec.Kind == "uniqueValues")
            {
                // Largest count first, ties by value (the order one request gives), then the size the user asked for.
                r.Buckets = r.Buckets.OrderByDescending(b => b.Count).ThenBy(b => b.Value, ValueOrder.Instance).Take(spec.Size ?? 10).ToList();
            }
            else if (spec.IsHistogram)
            {
                var sorted = r.Buckets.OrderBy(b => b.Start).ToList();
                var filled = new List<AggregateBucket>();
                for (int i = 0; i < sorted.Count; i++)
                {
                    if (i > 0)
                    {
                        // Intervals between two windows' buckets that no window answered: empty.
                        for (double s = Next(spec, filled[filled.Count - 1].Start!.Value); s < sorted[i].Start!.Value - 1e-9 * Math.Abs(s); s = Next(spec, s))
                            filled.Add(new AggregateBucket { Start = s, Count = 0, Aggregates = EmptyLevel(spec.Aggregates) });
                    }
                    filled.Add(sorted[i]);
                }
                r.Buckets = filled;
            }
            foreach (var b in r.Buckets)
            {
                FinishLevel(b.Aggregates);
                // Back in the order asked, with the moving functions the windows did not compute.
                var byId = b.Aggregates.ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal);
                b.Aggregates = spec.Aggregates.Select(kv => new KeyValuePair<string, AggregateResult>(kv.Key,
                    byId.TryGetValue(kv.Key, out var v) ? v : Empty(kv.Value))).ToList();
            }
            if (spec.IsHistogram)
            {
                foreach (var kv in spec.Aggregates.Where(x => x.Value.Kind == "movingFunction"))
                {
                    var series = r.Buckets.Select(b => kv.Value.BucketsPath == "_count"
                        ? b.Count
                        : b.Aggregates.First(x => x.Key == kv.Value.BucketsPath).Value.Value).ToList();
                    for (int i = 0; i < r.Buckets.Count; i++)
                    {
                        var at = r.Buckets[i].Aggregates.FindIndex(x => x.Key == kv.Key);
                        r.Buckets[i].Aggregates[at] = new KeyValuePair<string, AggregateResult>(kv.Key,
                            new AggregateResult(kv.Value) { Value = MovingFunction(kv.Value, series, i) });
                    }
                }
            }
        }

        /// <summary>
        /// A moving function at bucket <paramref name="bucket"/>: over the values of the <c>Window</c> buckets before it
        /// (not the bucket itself), nulls skipped; an empty window gives null, except sum (0). linearWeightedAvg weighs
        /// the values 1, 2, ... from the oldest.
        /// </summary>
        public static double? MovingFunction(AggregateSpec spec, IReadOnlyList<double?> series, int bucket)
        {
            var window = new List<double>();
            for (int i = Math.Max(0, bucket - spec.Window); i < bucket; i++)
                if (series[i] is double v) window.Add(v);
            if (window.Count == 0) return spec.Function == "sum" ? 0 : (double?)null;
            switch (spec.Function)
            {
                case "max": return window.Max();
                case "min": return window.Min();
                case "sum": return window.Sum();
                case "unweightedAvg": return window.Average();
                default:
                    double total = 0, weights = 0;
                    for (int i = 0; i < window.Count; i++)
                    {
                        total += window[i] * (i + 1);
                        weights += i + 1;
                    }
                    return total / weights;
            }
        }

        private static double Next(AggregateSpec spec, double start)
        {
            if (spec.Kind == "numberHistogram") return (Math.Round(start / spec.Interval!.Value) + 1) * spec.Interval.Value;
            if (spec.FixedInterval != null) return start + AggregateParser.FixedIntervalMs(spec.FixedInterval);
            var t = DateTimeOffset.FromUnixTimeMilliseconds((long)start).UtcDateTime;
            var n = spec.CalendarInterval switch
            {
                "1s" => t.AddSeconds(1),
                "1m" => t.AddMinutes(1),
                "1h" => t.AddHours(1),
                "1d" => t.AddDays(1),
                "1w" => t.AddDays(7),
                "1M" => t.AddMonths(1),
                "1q" => t.AddMonths(3),
                _ => t.AddYears(1),
            };
            return new DateTimeOffset(n, TimeSpan.Zero).ToUnixTimeMilliseconds();
        }

        private static List<KeyValuePair<string, AggregateResult>> EmptyLevel(IReadOnlyList<KeyValuePair<string, AggregateSpec>> level) =>
            level.Select(kv => new KeyValuePair<string, AggregateResult>(kv.Key, Empty(kv.Value))).ToList();

        /// <summary>What an aggregate answers for no records.</summary>
        private static AggregateResult Empty(AggregateSpec spec)
        {
            var r = new AggregateResult(spec);
            if (spec.Kind == "count" || spec.Kind == "sum") r.Value = 0;
            else if (spec.Kind == "filters")
                r.Buckets = spec.Filters.Select((_, i) => new AggregateBucket { Value = i, Aggregates = EmptyLevel(spec.Aggregates) }).ToList();
            else if (!spec.IsMetric && spec.Kind != "movingFunction") r.Buckets = new List<AggregateBucket>();
            return r;
        }

        /// <summary>uniqueValues ties: numbers by value, text in code point order, false before true.</summary>
        private sealed class ValueOrder : IComparer<object?>
        {
            public static readonly ValueOrder Instance = new ValueOrder();

            public int Compare(object? x, object? y)
            {
                if (x is string a && y is string b) return string.CompareOrdinal(a, b);
                if (x is bool p && y is bool q) return p.CompareTo(q);
                if (x != null && y != null && !(x is string) && !(y is string) && !(x is bool) && !(y is bool))
                    return Convert.ToDouble(x, System.Globalization.CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(y, System.Globalization.CultureInfo.InvariantCulture));
                return string.CompareOrdinal(x?.ToString(), y?.ToString());
            }
        }
    }
}
