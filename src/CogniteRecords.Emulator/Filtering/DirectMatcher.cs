using System.Collections.Generic;
using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    /// <summary>Direct relations are equal when both space and externalId are.</summary>
    internal sealed class DirectMatcher : ValueMatcher
    {
        private readonly List<(string Space, string ExternalId)> _values = new();

        public DirectMatcher(IReadOnlyList<JsonElement> values)
        {
            foreach (JsonElement v in values)
            {
                if (!FilterValues.IsDirectRelation(v, out JsonElement s, out JsonElement x)) continue;
                var pair = (s.GetString()!, x.GetString()!);
                if (!_values.Contains(pair)) _values.Add(pair);
            }
        }

        public override int Count => _values.Count;

        public override int IndexOf(JsonElement value)
        {
            if (!FilterValues.IsDirectRelation(value, out JsonElement s, out JsonElement x)) return -1;
            for (int i = 0; i < _values.Count; i++)
            {
                if (s.ValueEquals(_values[i].Space) && x.ValueEquals(_values[i].ExternalId)) return i;
            }

            return -1;
        }
    }
}
