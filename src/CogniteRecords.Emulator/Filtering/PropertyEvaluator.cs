using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    /// <summary>A leaf on a container property: never matches a tombstone, a missing property or a null.</summary>
    internal abstract class PropertyEvaluator(string space, string container, string property) : FilterEvaluator
    {
        public sealed override bool Matches(IFilterableRecord record)
        {
            if (record.IsDeleted || !record.TryGetProperty(space, container, property, out JsonElement value))
            {
                return false;
            }

            if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return false;
            return MatchesValue(value);
        }

        protected abstract bool MatchesValue(JsonElement value);
    }
}
