using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    internal sealed class ContainsAnyEvaluator(string space, string container, string property, ValueMatcher matcher)
        : PropertyEvaluator(space, container, property)
    {
        protected override bool MatchesValue(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.Array) return false;
            foreach (JsonElement item in value.EnumerateArray())
            {
                if (matcher.IndexOf(item) >= 0) return true;
            }

            return false;
        }
    }
}
