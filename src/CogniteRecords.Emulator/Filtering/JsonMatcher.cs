using System.Collections.Generic;
using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    /// <summary>JSON values (json properties, unknown types): deep equality, numbers by value.</summary>
    internal sealed class JsonMatcher : ValueMatcher
    {
        private readonly List<JsonElement> _values = new();

        public JsonMatcher(IReadOnlyList<JsonElement> values)
        {
            foreach (JsonElement v in values)
            {
                bool dup = false;
                foreach (JsonElement seen in _values) dup |= JsonElement.DeepEquals(seen, v);
                if (!dup) _values.Add(v.Clone());
            }
        }

        public override int Count => _values.Count;

        public override int IndexOf(JsonElement value)
        {
            for (int i = 0; i < _values.Count; i++)
            {
                if (JsonElement.DeepEquals(_values[i], value)) return i;
            }

            return -1;
        }
    }
}
