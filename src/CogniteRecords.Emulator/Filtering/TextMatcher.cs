using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    internal sealed class TextMatcher : ValueMatcher
    {
        private readonly string? _single;
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private readonly int _maxUtf8;

        public TextMatcher(IReadOnlyList<JsonElement> values)
        {
            foreach (JsonElement v in values)
            {
                string s = v.GetString()!;
                if (_index.TryAdd(s, _index.Count)) _maxUtf8 = Math.Max(_maxUtf8, Encoding.UTF8.GetByteCount(s));
            }

            _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
            if (_index.Count == 1)
            {
                foreach (string s in _index.Keys) _single = s;
            }
        }

        public override int Count => _index.Count;

        public override int IndexOf(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.String) return -1;
            if (_single != null) return value.ValueEquals(_single) ? 0 : -1;
            ReadOnlySpan<byte> raw = FilterValues.RawString(value, out bool escaped);
            if (escaped) return _index.TryGetValue(value.GetString()!, out int e) ? e : -1;
            if (raw.Length > _maxUtf8) return -1;
            char[]? rented = null;
            Span<char> chars = raw.Length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(raw.Length));
            try
            {
                int n = Encoding.UTF8.GetChars(raw, chars);
                return _lookup.TryGetValue(chars.Slice(0, n), out int i) ? i : -1;
            }
            finally
            {
                if (rented != null) ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
