using System.Collections.Generic;
using System.Text.Json;

namespace CogniteRecords.Emulator.Storage
{
    /// <summary>
    /// One property of a container: its value type, whether it is a list, and whether it may be null.
    /// EnumValues holds the allowed values of an enum property (null for every other type).
    /// </summary>
    public sealed record PropertyDef(string Type, bool IsList, bool Nullable, int? MaxListSize, JsonElement Definition,
        IReadOnlyList<string>? EnumValues = null, string? UnknownValue = null);
}
