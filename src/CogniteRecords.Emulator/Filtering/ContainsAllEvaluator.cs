using System;
using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    internal sealed class ContainsAllEvaluator(string space, string container, string property, ValueMatcher matcher)
        : PropertyEvaluator(space, container, property)
    {
        protected override bool MatchesValue(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.Array) return false;
            int needed = matcher.Count;
            // At most 100 distinct values (a validated limit), so the marks fit on the stack.
            Span<bool> seen = stackalloc bool[needed];
            int found = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                int i = matcher.IndexOf(item);
                if (i >= 0 && !seen[i])
                {
                    seen[i] = true;
                    if (++found == needed) return true;
                }
            }

            return false;
        }
    }
}
