using System;
using System.Collections.Generic;
using System.Text.Json;
using CogniteRecords.Emulator.Storage;

namespace CogniteRecords.Emulator.Aggregation
{
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
}
