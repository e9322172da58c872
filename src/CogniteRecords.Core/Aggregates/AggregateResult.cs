using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace CogniteRecords.Core.Aggregates
{
    /// <summary>The answer of one aggregate: a number (metrics, moving functions) or buckets.</summary>
    public sealed class AggregateResult
    {
        internal AggregateResult(AggregateSpec spec) => Spec = spec;

        public AggregateSpec Spec { get; }

        /// <summary>count, avg, min, max, sum, or a moving function's value; null when there was nothing to compute it from.</summary>
        public double? Value { get; internal set; }

        /// <summary>uniqueValues, histograms and filters: the buckets, in the API's order.</summary>
        public List<AggregateBucket>? Buckets { get; internal set; }

        /// <summary>
        /// uniqueValues combined from several lastUpdatedTime windows where some window had more distinct values than
        /// one request returns: a value missing from a window's top list is missing from its count.
        /// </summary>
        public bool MayBeIncomplete { get; internal set; }

        // avg read as sum and count, so that windows combine exactly.
        internal double AvgSum;
        internal long AvgCount;

        internal static AggregateResult Read(JsonElement e, AggregateSpec spec, bool split)
        {
            var r = new AggregateResult(spec);
            if (spec.Kind == "avg" && split)
            {
                // The request asked filters[matchAll] { s: sum, n: count } instead (see AggregateQuery.ForWindows).
                var inner = e.GetProperty("filterBuckets")[0].GetProperty("aggregates");
                r.AvgSum = Number(inner.GetProperty("s").GetProperty("sum")) ?? 0;
                r.AvgCount = (long)(Number(inner.GetProperty("n").GetProperty("count")) ?? 0);
                r.Value = r.AvgCount == 0 ? (double?)null : r.AvgSum / r.AvgCount;
                return r;
            }
            if (spec.IsMetric)
            {
                r.Value = Number(e.GetProperty(spec.Kind));
                return r;
            }
            if (spec.Kind == "movingFunction")
            {
                r.Value = e.TryGetProperty("fnValue", out var fn) ? Number(fn) : null;
                return r;
            }
            string name = spec.Kind switch
            {
                "uniqueValues" => "uniqueValueBuckets",
                "numberHistogram" => "numberHistogramBuckets",
                "timeHistogram" => "timeHistogramBuckets",
                _ => "filterBuckets",
            };
            r.Buckets = new List<AggregateBucket>();
            int index = 0;
            foreach (var b in e.GetProperty(name).EnumerateArray())
            {
                var bucket = new AggregateBucket { Count = b.TryGetProperty("count", out var c) ? c.GetInt64() : 0 };
                if (spec.Kind == "uniqueValues" && b.TryGetProperty("value", out var v)) bucket.Value = Plain(v);
                else if (spec.Kind == "filters") bucket.Value = index;
                else if (b.TryGetProperty("intervalStart", out var s)) bucket.Start = Start(s);
                index++;
                var children = spec.Aggregates;
                if (children.Count > 0 && b.TryGetProperty("aggregates", out var sub))
                {
                    foreach (var kv in children)
                    {
                        if (sub.TryGetProperty(kv.Key, out var child))
                            bucket.Aggregates.Add(new KeyValuePair<string, AggregateResult>(kv.Key, Read(child, kv.Value, split)));
                    }
                }
                r.Buckets.Add(bucket);
            }
            return r;
        }

        private static double? Number(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : (double?)null;

        private static double Start(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Number) return e.GetDouble();
            return DateTimeOffset.Parse(e.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds();
        }

        private static object? Plain(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Number => e.TryGetInt64(out long l) ? l : (object)e.GetDouble(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => e.GetRawText(),
        };
    }
}
