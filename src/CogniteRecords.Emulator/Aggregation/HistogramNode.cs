using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CogniteRecords.Emulator.Storage;

namespace CogniteRecords.Emulator.Aggregation
{
    /// <summary>What number and time histograms share: buckets from the first to the last value, empty ones between included.</summary>
    internal abstract class HistogramNode : AggregateNode
    {
        /// <summary>(our choice) More buckets than this in one histogram is a 400: use a larger interval or hardBounds.</summary>
        public const int MaxBuckets = 10_000;

        private readonly AggregateProperty _property;
        private readonly double? _min;
        private readonly double? _max;
        private readonly IReadOnlyList<AggregateNode> _children;

        protected HistogramNode(string id, AggregateProperty property, double? min, double? max, IReadOnlyList<AggregateNode> children) : base(id)
        {
            _property = property;
            _min = min;
            _max = max;
            _children = children;
        }

        protected abstract string BucketsName { get; }

        /// <summary>The start of the bucket that holds <paramref name="value"/>.</summary>
        protected abstract double BucketStart(double value);

        /// <summary>The start of the bucket after the one starting at <paramref name="start"/>.</summary>
        protected abstract double NextStart(double start);

        protected abstract void WriteStart(Utf8JsonWriter w, double start);

        public override void Write(Utf8JsonWriter w, IReadOnlyList<RecordVersion> records)
        {
            var byStart = new SortedDictionary<double, List<RecordVersion>>();
            var values = new List<JsonElement>();
            var seen = new HashSet<double>();
            foreach (RecordVersion r in records)
            {
                _property.Values(r, values);
                seen.Clear();
                foreach (JsonElement v in values)
                {
                    if (!_property.TryNumber(v, out double x)) continue;
                    if (x < _min || x > _max) continue;
                    double start = BucketStart(x);
                    if (!seen.Add(start)) continue;
                    if (!byStart.TryGetValue(start, out var list)) byStart[start] = list = new List<RecordVersion>();
                    list.Add(r);
                }
            }

            var buckets = new List<(double Start, List<RecordVersion> Records)>();
            if (byStart.Count > 0)
            {
                double last = byStart.Keys.Last();
                for (double s = byStart.Keys.First(); s <= last; s = NextStart(s))
                {
                    if (buckets.Count == MaxBuckets)
                        throw new ApiException(400, $"{Path}: the histogram would have more than {MaxBuckets} buckets; use a larger interval or hardBounds");
                    buckets.Add((s, byStart.TryGetValue(s, out var list) ? list : new List<RecordVersion>()));
                }
            }

            // Moving functions read their sibling's value in every bucket, so the metrics come first.
            var series = new Dictionary<string, double?[]>(StringComparer.Ordinal);
            foreach (MovingFunctionNode moving in _children.OfType<MovingFunctionNode>())
            {
                if (series.ContainsKey(moving.BucketsPath)) continue;
                var metric = _children.OfType<MetricNode>().FirstOrDefault(n => n.Id == moving.BucketsPath);
                series[moving.BucketsPath] = buckets.Select(b => metric == null ? b.Records.Count : metric.Value(b.Records)).ToArray();
            }

            w.WriteStartObject();
            w.WriteStartArray(BucketsName);
            for (int i = 0; i < buckets.Count; i++)
            {
                w.WriteStartObject();
                WriteStart(w, buckets[i].Start);
                w.WriteNumber("count", buckets[i].Records.Count);
                if (_children.Count > 0)
                {
                    w.WriteStartObject("aggregates");
                    foreach (AggregateNode child in _children)
                    {
                        w.WritePropertyName(child.Id);
                        if (child is MovingFunctionNode moving)
                        {
                            w.WriteStartObject();
                            MetricNode.WriteNumber(w, "fnValue", moving.Compute(series[moving.BucketsPath], i));
                            w.WriteEndObject();
                        }
                        else
                        {
                            child.Write(w, buckets[i].Records);
                        }
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
    }
}
