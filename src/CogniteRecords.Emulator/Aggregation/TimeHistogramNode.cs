using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace CogniteRecords.Emulator.Aggregation
{
    /// <summary>timeHistogram: buckets by a calendar unit or a fixed width (from the epoch), in UTC; starts as ISO-8601.</summary>
    internal sealed class TimeHistogramNode : HistogramNode
    {
        private readonly TimeInterval _interval;

        public TimeHistogramNode(string id, AggregateProperty property, TimeInterval interval, double? min, double? max, IReadOnlyList<AggregateNode> children)
            : base(id, property, min, max, children) => _interval = interval;

        protected override string BucketsName => "timeHistogramBuckets";

        protected override double BucketStart(double value) => _interval.Start((long)value);

        protected override double NextStart(double start) => _interval.Next((long)start);

        protected override void WriteStart(Utf8JsonWriter w, double start) =>
            w.WriteString("intervalStart", DateTime.UnixEpoch.AddMilliseconds(start).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }
}
