using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CogniteRecords.Core.Models;

namespace CogniteRecords.Core.Records
{
    /// <summary>
    /// Whether a record read back holds exactly the values of an item sent: the check that tells our own landed write
    /// (its answer lost, the retry answered 409) from another writer's record.
    /// </summary>
    public static class RecordComparer
    {
        /// <summary>
        /// True when every property sent has an equal value in <paramref name="current"/> (an item of the filter
        /// endpoint, read with every property of the containers sent to) and the record holds no other non-null value
        /// in those containers. Values compare by type: timestamps as instants, floats as numbers, JSON objects
        /// whatever their key order.
        /// </summary>
        public static bool SameValues(byte[] sentItem, JsonElement current, Func<string, string, string, PropertyType?>? typeOf)
        {
            using var doc = JsonDocument.Parse(sentItem);
            var sent = doc.RootElement;
            current.TryGetProperty("properties", out var props);
            if (!sent.TryGetProperty("sources", out var sources) || sources.ValueKind != JsonValueKind.Array) return false;
            var seen = new HashSet<(string, string)>();
            foreach (var source in sources.EnumerateArray())
            {
                var reference = source.GetProperty("source");
                var space = reference.GetProperty("space").GetString()!;
                var container = reference.GetProperty("externalId").GetString()!;
                seen.Add((space, container));
                JsonElement back = default;
                var hasBack = props.ValueKind == JsonValueKind.Object && props.TryGetProperty(space, out var s) && s.ValueKind == JsonValueKind.Object
                    && s.TryGetProperty(container, out back) && back.ValueKind == JsonValueKind.Object;
                var sentProps = source.GetProperty("properties");
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var p in sentProps.EnumerateObject())
                {
                    names.Add(p.Name);
                    var type = typeOf?.Invoke(space, container, p.Name);
                    JsonElement value = default;
                    var hasValue = hasBack && back.TryGetProperty(p.Name, out value) && value.ValueKind != JsonValueKind.Null;
                    if (p.Value.ValueKind == JsonValueKind.Null) { if (hasValue) return false; continue; }
                    if (!hasValue || !ValueEquals(p.Value, value, type)) return false;
                }
                if (hasBack)
                {
                    foreach (var p in back.EnumerateObject())
                        if (!names.Contains(p.Name) && p.Value.ValueKind != JsonValueKind.Null) return false;
                }
            }
            return true;
        }

        /// <summary>Equality of two property values of one type (null type: by JSON value).</summary>
        public static bool ValueEquals(JsonElement a, JsonElement b, PropertyType? type)
        {
            if (type != null && type.List)
            {
                if (a.ValueKind != JsonValueKind.Array || b.ValueKind != JsonValueKind.Array || a.GetArrayLength() != b.GetArrayLength()) return false;
                var scalar = new PropertyType(type.Type, false);
                using var ea = a.EnumerateArray().GetEnumerator();
                using var eb = b.EnumerateArray().GetEnumerator();
                while (ea.MoveNext() && eb.MoveNext())
                    if (!ValueEquals(ea.Current, eb.Current, scalar)) return false;
                return true;
            }
            switch (type?.Type)
            {
                case "timestamp":
                    try
                    {
                        return RecordValueConverter.ToTimestamp(Plain(a)) == RecordValueConverter.ToTimestamp(Plain(b));
                    }
                    catch (RecordValueException)
                    {
                        return false;
                    }
                case "float32":
                    return a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number && (float)a.GetDouble() == (float)b.GetDouble();
                default:
                    return JsonEquals(a, b);
            }
        }

        private static object Plain(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString()!,
            JsonValueKind.Number => e.TryGetInt64(out var l) ? l : (object)e.GetDouble(),
            _ => e.GetRawText(),
        };

        /// <summary>Deep JSON equality: object members in any order, numbers by value.</summary>
        public static bool JsonEquals(JsonElement a, JsonElement b)
        {
            if (a.ValueKind != b.ValueKind) return false;
            switch (a.ValueKind)
            {
                case JsonValueKind.Object:
                    var ma = a.EnumerateObject().ToList();
                    var mb = b.EnumerateObject().ToList();
                    if (ma.Count != mb.Count) return false;
                    foreach (var p in ma)
                    {
                        if (!b.TryGetProperty(p.Name, out var other) || !JsonEquals(p.Value, other)) return false;
                    }
                    return true;
                case JsonValueKind.Array:
                    if (a.GetArrayLength() != b.GetArrayLength()) return false;
                    using (var ea = a.EnumerateArray().GetEnumerator())
                    using (var eb = b.EnumerateArray().GetEnumerator())
                    {
                        while (ea.MoveNext() && eb.MoveNext())
                            if (!JsonEquals(ea.Current, eb.Current)) return false;
                    }
                    return true;
                case JsonValueKind.String:
                    return string.Equals(a.GetString(), b.GetString(), StringComparison.Ordinal);
                case JsonValueKind.Number:
                    if (a.TryGetInt64(out var la) && b.TryGetInt64(out var lb)) return la == lb;
                    return a.GetDouble() == b.GetDouble();
                default:
                    return true; // true, false, null: same kind is same value
            }
        }
    }
}
