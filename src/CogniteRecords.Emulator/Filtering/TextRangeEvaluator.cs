using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    internal sealed class TextRangeEvaluator(string space, string container, string property,
        byte[]? lower, bool lowerInclusive, byte[]? upper, bool upperInclusive)
        : PropertyEvaluator(space, container, property)
    {
        protected override bool MatchesValue(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.String) return false;
            if (lower != null)
            {
                int c = FilterValues.CompareText(value, lower);
                if (c < 0 || (c == 0 && !lowerInclusive)) return false;
            }

            if (upper != null)
            {
                int c = FilterValues.CompareText(value, upper);
                if (c > 0 || (c == 0 && !upperInclusive)) return false;
            }

            return true;
        }
    }
}
