using System.Text.Json;
using CogniteRecords.Emulator.Filtering;

namespace CogniteRecords.Emulator.Tests
{
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
}
