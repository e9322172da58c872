using System;
using System.Collections.Generic;
using System.Text.Json;

namespace CogniteRecords.Emulator.Aggregation
{
    /// <summary>numberHistogram: buckets [k·interval, (k+1)·interval).</summary>
    internal sealed class NumberHistogramNode : HistogramNode
    {
        private readonly double _interval;

        public NumberHistogramNode(string id, AggregateProperty property, double interval, double? min, double? max, IReadOnlyList<AggregateNode> children)
            : base(id, property, min, max, children) => _interval = interval;

        protected override string BucketsName => "numberHistogramBuckets";

        protected override double BucketStart(double value) => Math.Floor(value / _interval) * _interval;

        protected override double NextStart(double start) => (Math.Round(start / _interval) + 1) * _interval;

        protected override void WriteStart(Utf8JsonWriter w, double start) => MetricNode.WriteNumber(w, "intervalStart", start);
    }
}
