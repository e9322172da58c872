using System.Collections.Generic;
using System.Text.Json;
using CogniteRecords.Emulator;
using CogniteRecords.Emulator.Filtering;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>
    /// A small in-memory schema for the filter unit tests: space "s", container "c" with one property per type
    /// (single and list), and container "d" with a text property "x".
    /// </summary>
    internal sealed class FilterTestSchema : IPropertySchema
    {
        private readonly Dictionary<(string, string, string), (string Type, bool IsList)> _properties = new();

        public FilterTestSchema()
        {
            foreach (var (name, type) in new[]
            {
                ("txt", "text"), ("num", "int64"), ("int", "int32"), ("flt", "float64"), ("bool", "boolean"),
                ("ts", "timestamp"), ("dt", "date"), ("js", "json"), ("rel", "direct"),
            })
            {
                _properties[("s", "c", name)] = (type, false);
                _properties[("s", "c", name + "s")] = (type, true);
            }

            _properties[("s", "d", "x")] = ("text", false);
        }

        public bool TryGetPropertyType(string space, string container, string property, out string type, out bool isList)
        {
            if (_properties.TryGetValue((space, container, property), out var p))
            {
                (type, isList) = p;
                return true;
            }

            type = "";
            isList = false;
            return false;
        }

        public bool ContainerExists(string space, string container) =>
            space == "s" && (container == "c" || container == "d" || container == "empty");
    }

    /// <summary>A record whose properties are JSON: {"c": {"txt": "a"}} means space s, container c.</summary>
    internal sealed class FilterTestRecord : IFilterableRecord
    {
        private readonly JsonElement _properties;

        public FilterTestRecord(string containersJson = "{}", string externalId = "r1", string space = "s",
            long createdTime = 1_700_000_000_000, long lastUpdatedTime = 1_700_000_000_000, bool isDeleted = false)
        {
            _properties = JsonDocument.Parse(containersJson).RootElement;
            ExternalId = externalId;
            Space = space;
            CreatedTime = createdTime;
            LastUpdatedTime = lastUpdatedTime;
            IsDeleted = isDeleted;
        }

        /// <summary>A record with one property of container c.</summary>
        public static FilterTestRecord With(string property, string valueJson) =>
            new($"{{\"c\": {{\"{property}\": {valueJson}}}}}");

        public string Space { get; }
        public string ExternalId { get; }
        public long CreatedTime { get; }
        public long LastUpdatedTime { get; }
        public bool IsDeleted { get; }

        // Records live in space s only; the lookup walks the JSON without allocating.
        public bool TryGetProperty(string space, string container, string property, out JsonElement value)
        {
            value = default;
            return !IsDeleted && space == "s"
                && _properties.TryGetProperty(container, out JsonElement c)
                && c.TryGetProperty(property, out value);
        }

        public bool HasData(string space, string container) =>
            !IsDeleted && space == "s" && _properties.TryGetProperty(container, out _);
    }

    internal static class FilterTest
    {
        public static readonly FilterTestSchema Schema = new();

        public static RecordFilterEvaluator Compile(string filterJson)
        {
            using JsonDocument doc = JsonDocument.Parse(filterJson);
            // The evaluator must not depend on the filter's document: it is disposed here.
            return RecordFilterEvaluator.Compile(doc.RootElement, Schema);
        }

        public static bool Matches(string filterJson, IFilterableRecord record) => Compile(filterJson).Matches(record);

        /// <summary>Compiles a filter that must be refused, and returns the 400's message.</summary>
        public static string Refused(string filterJson)
        {
            ApiException e = Assert.Throws<ApiException>(() => Compile(filterJson));
            Assert.Equal(400, e.Status);
            return e.Message;
        }

        public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;
    }
}
