using System;
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

    /// <summary>The container schema the evaluator consults for property types (text, int64, timestamp, ...; list or not).</summary>
    public interface IPropertySchema
    {
        /// <summary>False when the container or property does not exist.</summary>
        bool TryGetPropertyType(string space, string container, string property, out string type, out bool isList);
    }

    /// <summary>
    /// A records filter, validated against the reference's rules and compiled for evaluation.
    /// STUB: owned by the emulator-filter work; replaced there.
    /// </summary>
    public sealed class RecordFilterEvaluator
    {
        /// <summary>Validates and compiles a filter. Throws <see cref="ApiException"/> (400) naming the offending part.</summary>
        public static RecordFilterEvaluator Compile(JsonElement filter, IPropertySchema schema) => throw new NotImplementedException();

        public bool Matches(IFilterableRecord record) => throw new NotImplementedException();

        /// <summary>Orders two property values the way sort and range do (numbers, strings, timestamps, dates, booleans).</summary>
        public static int CompareValues(JsonElement a, JsonElement b, string? type) => throw new NotImplementedException();
    }
}
