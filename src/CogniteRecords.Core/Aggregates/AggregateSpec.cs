using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using CogniteRecords.Core.Filters;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Core.Aggregates
{
    /// <summary>
    /// One aggregate of a request to <c>POST /streams/{id}/records/aggregate</c>, validated by the reference's rules
    /// (docs/design/records-api.md, "Aggregate"): count, avg, min, max, sum, uniqueValues, numberHistogram,
    /// timeHistogram, filters or movingFunction, with its nested aggregates.
    /// </summary>
    public sealed class AggregateSpec
    {
        internal AggregateSpec(string kind) => Kind = kind;

        /// <summary>The API's name of the aggregate (count, avg, ..., movingFunction).</summary>
        public string Kind { get; }

        public PropertyReference? Property { get; internal set; }

        /// <summary>uniqueValues: how many buckets (1-2000; the API's default 10 when null).</summary>
        public int? Size { get; internal set; }

        public double? Interval { get; internal set; }
        public string? CalendarInterval { get; internal set; }
        public string? FixedInterval { get; internal set; }

        /// <summary>hardBounds as given: numbers, or for time histograms epoch milliseconds.</summary>
        public double? HardMin { get; internal set; }
        public double? HardMax { get; internal set; }

        public IReadOnlyList<FilterNode> Filters { get; internal set; } = Array.Empty<FilterNode>();

        public string? BucketsPath { get; internal set; }
        public int Window { get; internal set; }

        /// <summary>max, min, sum, unweightedAvg or linearWeightedAvg (without the "MovingFunctions." prefix).</summary>
        public string? Function { get; internal set; }

        /// <summary>The nested aggregates, in the order given.</summary>
        public IReadOnlyList<KeyValuePair<string, AggregateSpec>> Aggregates { get; internal set; } = Array.Empty<KeyValuePair<string, AggregateSpec>>();

        public bool IsMetric => Kind == "count" || Kind == "avg" || Kind == "min" || Kind == "max" || Kind == "sum";
        public bool IsHistogram => Kind == "numberHistogram" || Kind == "timeHistogram";

        /// <summary>A metric aggregate (count with a null property counts records).</summary>
        public static AggregateSpec Metric(string kind, PropertyReference? property) => new AggregateSpec(kind) { Property = property };

        /// <summary>One filters bucket of every record (matchAll) holding <paramref name="aggregates"/>: a way to group metrics.</summary>
        public static AggregateSpec MatchAllBucket(IReadOnlyList<KeyValuePair<string, AggregateSpec>> aggregates) => new AggregateSpec("filters")
        {
            Filters = new[] { FilterParser.Parse(new List<KeyValuePair<string, object?>> { new KeyValuePair<string, object?>("matchAll", new List<KeyValuePair<string, object?>>()) }) },
            Aggregates = aggregates,
        };

        /// <summary>uniqueValues of a property, the <paramref name="size"/> largest groups.</summary>
        public static AggregateSpec UniqueValues(PropertyReference property, int size, IReadOnlyList<KeyValuePair<string, AggregateSpec>> aggregates) =>
            new AggregateSpec("uniqueValues") { Property = property, Size = size, Aggregates = aggregates };

        /// <summary>A number histogram (<paramref name="interval"/>) or a time histogram (one of the other two).</summary>
        public static AggregateSpec Histogram(PropertyReference property, double? interval, string? calendarInterval, string? fixedInterval,
            IReadOnlyList<KeyValuePair<string, AggregateSpec>> aggregates) =>
            new AggregateSpec(interval != null ? "numberHistogram" : "timeHistogram")
            {
                Property = property,
                Interval = interval,
                CalendarInterval = calendarInterval,
                FixedInterval = fixedInterval,
                Aggregates = aggregates,
            };

        /// <summary>A copy with other nested aggregates.</summary>
        internal AggregateSpec With(IReadOnlyList<KeyValuePair<string, AggregateSpec>> aggregates, int? size = null)
        {
            var copy = (AggregateSpec)MemberwiseClone();
            copy.Aggregates = aggregates;
            if (size != null) copy.Size = size;
            return copy;
        }

        /// <summary>Writes <c>{"kind": {...}}</c> in the API's shape.</summary>
        public void WriteTo(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteStartObject(Kind);
            if (Property != null)
            {
                w.WriteStartArray("property");
                foreach (var p in Property.Path) w.WriteStringValue(p);
                w.WriteEndArray();
            }
            if (Size != null) w.WriteNumber("size", Size.Value);
            if (Interval != null) w.WriteNumber("interval", Interval.Value);
            if (CalendarInterval != null) w.WriteString("calendarInterval", CalendarInterval);
            if (FixedInterval != null) w.WriteString("fixedInterval", FixedInterval);
            if (HardMin != null || HardMax != null)
            {
                w.WriteStartObject("hardBounds");
                if (HardMin != null) WriteBound(w, "min", HardMin.Value);
                if (HardMax != null) WriteBound(w, "max", HardMax.Value);
                w.WriteEndObject();
            }
            if (Kind == "filters")
            {
                w.WriteStartArray("filters");
                foreach (var f in Filters) f.WriteTo(w);
                w.WriteEndArray();
            }
            if (Kind == "movingFunction")
            {
                w.WriteString("bucketsPath", BucketsPath);
                w.WriteNumber("window", Window);
                w.WriteString("function", "MovingFunctions." + Function);
            }
            if (Aggregates.Count > 0)
            {
                w.WritePropertyName("aggregates");
                WriteLevel(w, Aggregates);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }

        private void WriteBound(Utf8JsonWriter w, string name, double value)
        {
            // Time bounds go as timestamps, the shape filters take.
            if (Kind == "timeHistogram") w.WriteString(name, DateTimeOffset.FromUnixTimeMilliseconds((long)value).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            else w.WriteNumber(name, value);
        }

        /// <summary>Writes <c>{id: aggregate, ...}</c>.</summary>
        public static void WriteLevel(Utf8JsonWriter w, IReadOnlyList<KeyValuePair<string, AggregateSpec>> level)
        {
            w.WriteStartObject();
            foreach (var kv in level)
            {
                w.WritePropertyName(kv.Key);
                kv.Value.WriteTo(w);
            }
            w.WriteEndObject();
        }
    }
}
