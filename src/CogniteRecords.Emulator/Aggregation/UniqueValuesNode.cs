using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using CogniteRecords.Emulator.Filtering;
using CogniteRecords.Emulator.Storage;

namespace CogniteRecords.Emulator.Aggregation
{
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
}
