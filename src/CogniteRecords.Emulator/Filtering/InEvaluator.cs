using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    /// <summary>equals (one value) and in (many) on a single-valued property.</summary>
    internal sealed class InEvaluator(string space, string container, string property, ValueMatcher matcher)
        : PropertyEvaluator(space, container, property)
    {
        protected override bool MatchesValue(JsonElement value) => matcher.IndexOf(value) >= 0;
    }
}
