using System;
using System.Text;
using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    internal sealed class PrefixEvaluator(string space, string container, string property, string prefix)
        : PropertyEvaluator(space, container, property)
    {
        private readonly byte[] _utf8 = Encoding.UTF8.GetBytes(prefix);

        protected override bool MatchesValue(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.String) return false;
            ReadOnlySpan<byte> raw = FilterValues.RawString(value, out bool escaped);
            // A byte prefix of valid UTF-8 is exactly a character prefix.
            return escaped ? value.GetString()!.StartsWith(prefix, StringComparison.Ordinal) : raw.StartsWith(_utf8);
        }
    }
}
