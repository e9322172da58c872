using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    internal sealed class ExistsEvaluator(string space, string container, string property)
        : PropertyEvaluator(space, container, property)
    {
        protected override bool MatchesValue(JsonElement value) => true;
    }
}
