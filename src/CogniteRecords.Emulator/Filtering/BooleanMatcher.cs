using System.Collections.Generic;
using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    internal sealed class BooleanMatcher : ValueMatcher
    {
        private readonly int _true = -1, _false = -1, _count;

        public BooleanMatcher(IReadOnlyList<JsonElement> values)
        {
            foreach (JsonElement v in values)
            {
                if (v.ValueKind == JsonValueKind.True && _true < 0) _true = _count++;
                if (v.ValueKind == JsonValueKind.False && _false < 0) _false = _count++;
            }
        }

        public override int Count => _count;

        public override int IndexOf(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.True => _true,
            JsonValueKind.False => _false,
            _ => -1,
        };
    }
}
