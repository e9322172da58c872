using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using CogniteRecords.Emulator.Filtering;
using CogniteRecords.Emulator.Storage;

namespace CogniteRecords.Emulator.Aggregation
{
    /// <summary>One validated aggregate of a request; it answers for a set of records.</summary>
    internal abstract class AggregateNode
    {
        protected AggregateNode(string id) => Id = id;

        public string Id { get; }

        /// <summary>Where the aggregate sits in the request (aggregates.byPlant...), for errors found while answering.</summary>
        public string Path { get; set; } = "";

        /// <summary>Writes this aggregate's result object (<c>{"count": 3}</c>, <c>{"uniqueValueBuckets": [...]}</c>, ...).</summary>
        public abstract void Write(Utf8JsonWriter w, IReadOnlyList<RecordVersion> records);

        /// <summary>Writes <c>{id: result, ...}</c> for a level without moving functions (they live in histograms only).</summary>
        public static void WriteLevel(Utf8JsonWriter w, IReadOnlyList<AggregateNode> nodes, IReadOnlyList<RecordVersion> records)
        {
            w.WriteStartObject();
            foreach (AggregateNode node in nodes)
            {
                w.WritePropertyName(node.Id);
                node.Write(w, records);
            }

            w.WriteEndObject();
        }
    }

    /// <summary>count, avg, min, max, sum: one number (or null when there is nothing to average or compare).</summary>
    internal sealed class MetricNode : AggregateNode
    {
        private readonly string _kind;
        private readonly AggregateProperty? _property;

        public MetricNode(string id, string kind, AggregateProperty? property) : base(id)
        {
            _kind = kind;
            _property = property;
        }

        /// <summary>
        /// The value: count is the number of records (no property) or of non-null values (each element of a list);
        /// sum of nothing is 0; avg, min and max of nothing are null. Times are epoch milliseconds.
        /// </summary>
        public double? Value(IReadOnlyList<RecordVersion> records)
        {
            if (_property == null) return records.Count;
            var values = new List<JsonElement>();
            long count = 0;
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (RecordVersion r in records)
            {
                _property.Values(r, values);
                foreach (JsonElement v in values)
                {
                    if (_kind == "count")
                    {
                        count++;
                        continue;
                    }

                    if (!_property.TryNumber(v, out double x)) continue;
                    count++;
                    sum += x;
                    if (x < min) min = x;
                    if (x > max) max = x;
                }
            }

            return _kind switch
            {
                "count" => count,
                "sum" => sum,
                _ when count == 0 => null,
                "avg" => sum / count,
                "min" => min,
                _ => max,
            };
        }

        public override void Write(Utf8JsonWriter w, IReadOnlyList<RecordVersion> records)
        {
            w.WriteStartObject();
            WriteNumber(w, _kind, Value(records));
            w.WriteEndObject();
        }

        internal static void WriteNumber(Utf8JsonWriter w, string name, double? value)
        {
            if (value is not double d) w.WriteNull(name);
            else if (d == Math.Floor(d) && Math.Abs(d) < 9e15) w.WriteNumber(name, (long)d);
            else w.WriteNumber(name, d);
        }
    }

    /// <summary>uniqueValues: the most frequent values, largest count first, ties by value ascending (our choice).</summary>
    internal sealed class UniqueValuesNode : AggregateNode
    {
        private readonly AggregateProperty _property;
        private readonly int _size;
        private readonly IReadOnlyList<AggregateNode> _children;

        public UniqueValuesNode(string id, AggregateProperty property, int size, IReadOnlyList<AggregateNode> children) : base(id)
        {
            _property = property;
            _size = size;
            _children = children;
        }

        public override void Write(Utf8JsonWriter w, IReadOnlyList<RecordVersion> records)
        {
            var buckets = new Dictionary<string, (JsonElement Value, List<RecordVersion> Records)>(StringComparer.Ordinal);
            var values = new List<JsonElement>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (RecordVersion r in records)
            {
                _property.Values(r, values);
                seen.Clear();
                foreach (JsonElement v in values)
                {
                    string? key = Key(v);
                    // A record counts once per value, however often a list repeats it.
                    if (key == null || !seen.Add(key)) continue;
                    if (!buckets.TryGetValue(key, out var bucket)) buckets[key] = bucket = (v, new List<RecordVersion>());
                    bucket.Records.Add(r);
                }
            }

            var ordered = buckets.Values
                .OrderByDescending(b => b.Records.Count)
                .ThenBy(b => b.Value, Comparer<JsonElement>.Create((a, b) => RecordFilterEvaluator.CompareValues(a, b, _property.IsTopLevel ? "text" : _property.Type)))
                .Take(_size);
            w.WriteStartObject();
            w.WriteStartArray("uniqueValueBuckets");
            foreach (var (value, bucketRecords) in ordered)
            {
                w.WriteStartObject();
                w.WritePropertyName("value");
                WriteValue(w, value);
                w.WriteNumber("count", bucketRecords.Count);
                if (_children.Count > 0)
                {
                    w.WritePropertyName("aggregates");
                    WriteLevel(w, _children, bucketRecords);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        private string? Key(JsonElement v)
        {
            switch (_property.Kind)
            {
                case AggregateValueKind.Text:
                    return v.ValueKind == JsonValueKind.String ? "s:" + v.GetString() : null;
                case AggregateValueKind.Boolean:
                    return v.ValueKind is JsonValueKind.True or JsonValueKind.False ? "b:" + v.GetRawText() : null;
                default:
                    if (!Num.TryRead(v, out Num n)) return null;
                    return n.IsLong ? "l:" + n.L.ToString(CultureInfo.InvariantCulture) : "d:" + n.D.ToString("R", CultureInfo.InvariantCulture);
            }
        }

        private static void WriteValue(Utf8JsonWriter w, JsonElement v)
        {
            if (v.ValueKind == JsonValueKind.Number && Num.TryRead(v, out Num n))
            {
                if (n.IsLong) w.WriteNumberValue(n.L);
                else w.WriteNumberValue(n.D);
                return;
            }

            v.WriteTo(w);
        }
    }

    /// <summary>filters: one bucket per filter, in request order.</summary>
    internal sealed class FiltersNode : AggregateNode
    {
        private readonly IReadOnlyList<RecordFilterEvaluator> _filters;
        private readonly IReadOnlyList<AggregateNode> _children;

        public FiltersNode(string id, IReadOnlyList<RecordFilterEvaluator> filters, IReadOnlyList<AggregateNode> children) : base(id)
        {
            _filters = filters;
            _children = children;
        }

        public override void Write(Utf8JsonWriter w, IReadOnlyList<RecordVersion> records)
        {
            w.WriteStartObject();
            w.WriteStartArray("filterBuckets");
            foreach (RecordFilterEvaluator f in _filters)
            {
                var matching = records.Where(r => f.Matches(r)).ToList();
                w.WriteStartObject();
                w.WriteNumber("count", matching.Count);
                if (_children.Count > 0)
                {
                    w.WritePropertyName("aggregates");
                    WriteLevel(w, _children, matching);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
    }

    /// <summary>
    /// movingFunction, inside a histogram: for each bucket, the function over the values of <see cref="BucketsPath"/>
    /// in the <see cref="Window"/> buckets before it (the bucket itself not included, as Elasticsearch's moving_fn
    /// with shift 0: our choice). Null values (avg of an empty bucket) are skipped; an empty window gives null,
    /// except sum, which gives 0.
    /// </summary>
    internal sealed class MovingFunctionNode : AggregateNode
    {
        public MovingFunctionNode(string id, string bucketsPath, int window, string function) : base(id)
        {
            BucketsPath = bucketsPath;
            Window = window;
            Function = function;
        }

        public string BucketsPath { get; }

        public int Window { get; }

        /// <summary>max, min, sum, unweightedAvg or linearWeightedAvg.</summary>
        public string Function { get; }

        public override void Write(Utf8JsonWriter w, IReadOnlyList<RecordVersion> records) =>
            throw new InvalidOperationException("A moving function is written by its histogram.");

        public double? Compute(IReadOnlyList<double?> series, int bucket)
        {
            var window = new List<double>();
            for (int i = Math.Max(0, bucket - Window); i < bucket; i++)
                if (series[i] is double v) window.Add(v);
            if (window.Count == 0) return Function == "sum" ? 0 : null;
            switch (Function)
            {
                case "max": return window.Max();
                case "min": return window.Min();
                case "sum": return window.Sum();
                case "unweightedAvg": return window.Average();
                default:
                    // Weights 1, 2, ... from the oldest to the newest value in the window.
                    double total = 0, weights = 0;
                    for (int i = 0; i < window.Count; i++)
                    {
                        total += window[i] * (i + 1);
                        weights += i + 1;
                    }

                    return total / weights;
            }
        }
    }

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

    /// <summary>A timeHistogram's bucket width: a fixed number of milliseconds, or a calendar unit in UTC.</summary>
    internal sealed class TimeInterval
    {
        private TimeInterval(string? calendar, long fixedMs)
        {
            CalendarUnit = calendar;
            FixedMs = fixedMs;
        }

        public string? CalendarUnit { get; }

        public long FixedMs { get; }

        public static TimeInterval Calendar(string unit) => new(unit, 0);

        public static TimeInterval Fixed(long ms) => new(null, ms);

        public long Start(long ms)
        {
            if (CalendarUnit == null) return (long)Math.Floor(ms / (double)FixedMs) * FixedMs;
            DateTime t = DateTime.UnixEpoch.AddMilliseconds(ms);
            DateTime s = CalendarUnit switch
            {
                "1s" => new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, DateTimeKind.Utc),
                "1m" => new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, DateTimeKind.Utc),
                "1h" => new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Utc),
                "1d" => t.Date,
                // Weeks start on Monday (ISO 8601).
                "1w" => t.Date.AddDays(-(((int)t.DayOfWeek + 6) % 7)),
                "1M" => new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc),
                "1q" => new DateTime(t.Year, ((t.Month - 1) / 3 * 3) + 1, 1, 0, 0, 0, DateTimeKind.Utc),
                _ => new DateTime(t.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            };
            return (long)(s - DateTime.UnixEpoch).TotalMilliseconds;
        }

        public long Next(long start)
        {
            if (CalendarUnit == null) return start + FixedMs;
            DateTime s = DateTime.UnixEpoch.AddMilliseconds(start);
            DateTime n = CalendarUnit switch
            {
                "1s" => s.AddSeconds(1),
                "1m" => s.AddMinutes(1),
                "1h" => s.AddHours(1),
                "1d" => s.AddDays(1),
                "1w" => s.AddDays(7),
                "1M" => s.AddMonths(1),
                "1q" => s.AddMonths(3),
                _ => s.AddYears(1),
            };
            return (long)(n - DateTime.UnixEpoch).TotalMilliseconds;
        }
    }

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
