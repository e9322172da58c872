using System.Collections.Generic;
using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    internal sealed class KeyMatcher<TKey> : ValueMatcher
        where TKey : notnull
    {
        private readonly KeyReader<TKey> _read;
        private readonly Dictionary<TKey, int> _index = new();

        public KeyMatcher(IReadOnlyList<JsonElement> values, KeyReader<TKey> read)
        {
            _read = read;
            foreach (JsonElement v in values)
            {
                if (read(v, out TKey key)) _index.TryAdd(key, _index.Count);
            }
        }

        public override int Count => _index.Count;

        public override int IndexOf(JsonElement value) =>
            _read(value, out TKey key) && _index.TryGetValue(key, out int i) ? i : -1;
    }
}
