using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    internal delegate bool KeyReader<TKey>(JsonElement value, out TKey key);
}
