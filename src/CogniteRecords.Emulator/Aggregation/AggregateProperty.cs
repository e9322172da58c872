using System;
using System.Collections.Generic;
using System.Text.Json;
using CogniteRecords.Emulator.Filtering;
using CogniteRecords.Emulator.Storage;

namespace CogniteRecords.Emulator.Aggregation
{
    /// <summary>
    /// A property an aggregate reads: <c>[topLevelField]</c> or <c>[space, container, property]</c>, resolved
    /// against the project's containers. It yields every non-null value of a record (each element of a list).
    /// </summary>
    internal sealed class AggregateProperty
    {
        private readonly string[] _path;

        private AggregateProperty(string[] path, AggregateValueKind kind, string type)
        {
            _path = path;
            Kind = kind;
            Type = type;
        }

        public AggregateValueKind Kind { get; }

        /// <summary>The container type, or the top-level field's name.</summary>
        public string Type { get; }

        public bool IsTopLevel => _path.Length == 1;

        public override string ToString() => string.Join("/", _path);

        /// <summary>
        /// Reads and resolves a property reference; refuses unknown ones and those whose kind is not in
        /// <paramref name="accepted"/> (a 400 naming <paramref name="path"/> and what the aggregate takes).
        /// </summary>
        public static AggregateProperty Resolve(JsonElement v, string path, IPropertySchema schema, string aggregate, params AggregateValueKind[] accepted)
        {
            const string Shape = "an array of 3 strings [space, container, property] or of 1 string naming a top-level field";
            if (v.ValueKind != JsonValueKind.Array || (v.GetArrayLength() != 1 && v.GetArrayLength() != 3))
                throw AggregateParser.Bad(path, $"must be {Shape}");
            var parts = new List<string>(3);
            foreach (JsonElement item in v.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || item.GetString()!.Length == 0)
                    throw AggregateParser.Bad(path, $"must be {Shape}; item {parts.Count} is not a non-empty string");
                parts.Add(item.GetString()!);
            }

            string[] p = parts.ToArray();
            AggregateValueKind kind;
            string type;
            if (p.Length == 1)
            {
                type = p[0];
                kind = p[0] switch
                {
                    "space" or "externalId" => AggregateValueKind.Text,
                    "createdTime" or "lastUpdatedTime" => AggregateValueKind.Time,
                    _ => throw AggregateParser.Bad(path, $"'{p[0]}' is not a top-level field (they are: space, externalId, createdTime, lastUpdatedTime); a container property is referenced as [space, container, property]"),
                };
            }
            else
            {
                if (!schema.TryGetPropertyType(p[0], p[1], p[2], out type, out _))
                    throw AggregateParser.Bad(path, $"property {string.Join("/", p)} does not exist");
                kind = KindOf(type);
            }

            if (Array.IndexOf(accepted, kind) < 0)
            {
                throw AggregateParser.Bad(path, $"{aggregate} cannot read {string.Join("/", p)} ({Describe(p, type)}); it takes {Accepts(accepted)}");
            }

            return new AggregateProperty(p, kind, type);
        }

        private static AggregateValueKind KindOf(string type) => type switch
        {
            "int32" or "int64" or "float32" or "float64" => AggregateValueKind.Number,
            "text" or "enum" => AggregateValueKind.Text,
            "boolean" => AggregateValueKind.Boolean,
            "timestamp" or "date" => AggregateValueKind.Time,
            _ => AggregateValueKind.Other,
        };

        private static string Describe(string[] p, string type) => p.Length == 1 ? "a top-level field" : "a " + type + " property";

        private static string Accepts(AggregateValueKind[] kinds)
        {
            var words = new List<string>();
            foreach (AggregateValueKind k in kinds)
            {
                words.Add(k switch
                {
                    AggregateValueKind.Number => "numbers (int32, int64, float32, float64)",
                    AggregateValueKind.Text => "text (text, enum, space, externalId)",
                    AggregateValueKind.Boolean => "booleans",
                    AggregateValueKind.Time => "times (timestamp, date, createdTime, lastUpdatedTime)",
                    _ => "any property",
                });
            }

            return string.Join(", ", words);
        }

        /// <summary>The record's non-null values of this property (each element of a list), as JSON.</summary>
        public void Values(RecordVersion record, List<JsonElement> into)
        {
            into.Clear();
            if (IsTopLevel)
            {
                into.Add(_path[0] switch
                {
                    "space" => JsonSerializer.SerializeToElement(record.Space),
                    "externalId" => JsonSerializer.SerializeToElement(record.ExternalId),
                    "createdTime" => JsonSerializer.SerializeToElement(record.CreatedTime),
                    _ => JsonSerializer.SerializeToElement(record.LastUpdatedTime),
                });
                return;
            }

            if (!record.TryGetProperty(_path[0], _path[1], _path[2], out JsonElement value)) return;
            if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in value.EnumerateArray())
                    if (item.ValueKind != JsonValueKind.Null) into.Add(item);
            }
            else if (value.ValueKind != JsonValueKind.Null)
            {
                into.Add(value);
            }
        }

        /// <summary>A value as a number: numbers as they are, times as epoch milliseconds. False for what does not read.</summary>
        public bool TryNumber(JsonElement value, out double number)
        {
            number = 0;
            if (Kind == AggregateValueKind.Number || (IsTopLevel && Kind == AggregateValueKind.Time))
                return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out number) && double.IsFinite(number);
            if (Kind != AggregateValueKind.Time) return false;
            if (!FilterValues.TryReadInstant(value, allowNumber: false, allowDate: Type == "date", out long ticks)) return false;
            number = Math.Floor(ticks / (double)FilterValues.TicksPerMs);
            return true;
        }
    }
}
