using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    /// <summary>What a records filter sees of one record (its latest state).</summary>
    public interface IFilterableRecord
    {
        string Space { get; }
        string ExternalId { get; }
        long CreatedTime { get; }
        long LastUpdatedTime { get; }
        /// <summary>A tombstone: no properties, so container-property filters never match it.</summary>
        bool IsDeleted { get; }
        bool TryGetProperty(string space, string container, string property, out JsonElement value);
        bool HasData(string space, string container);
    }
}
