using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace CogniteRecords.Emulator.Api
{
    /// <summary>
    /// Strict reading of request bodies: every object is checked against the fields it may hold
    /// (CDF refuses unknown fields), and every error names the field by its JSON path.
    /// </summary>
    internal static class Json
    {
        public static void RequireObject(JsonElement e, string path, params string[] allowed)
        {
            if (e.ValueKind != JsonValueKind.Object) throw Bad($"'{path}' must be an object.");
            foreach (var p in e.EnumerateObject())
            {
                if (Array.IndexOf(allowed, p.Name) < 0)
                    throw Bad($"Unrecognized field '{Join(path, p.Name)}'. Allowed fields: {string.Join(", ", allowed)}.");
            }
        }

        public static string Join(string path, string name) => string.IsNullOrEmpty(path) ? name : path + "." + name;

        public static ApiException Bad(string message) => new(400, message);

        public static bool TryGet(JsonElement obj, string name, out JsonElement value)
        {
            if (obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null) return true;
            value = default;
            return false;
        }

        public static string RequiredString(JsonElement obj, string name, string path)
        {
            if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
                throw Bad($"Missing required field '{Join(path, name)}'.");
            if (v.ValueKind != JsonValueKind.String) throw Bad($"'{Join(path, name)}' must be a string.");
            return v.GetString()!;
        }

        public static string? OptionalString(JsonElement obj, string name, string path)
        {
            if (!TryGet(obj, name, out var v)) return null;
            if (v.ValueKind != JsonValueKind.String) throw Bad($"'{Join(path, name)}' must be a string.");
            return v.GetString();
        }

        public static bool? OptionalBool(JsonElement obj, string name, string path)
        {
            if (!TryGet(obj, name, out var v)) return null;
            if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw Bad($"'{Join(path, name)}' must be a boolean.");
            return v.GetBoolean();
        }

        public static int? OptionalInt(JsonElement obj, string name, string path, int min, int max)
        {
            if (!TryGet(obj, name, out var v)) return null;
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n)) throw Bad($"'{Join(path, name)}' must be an integer.");
            if (n < min || n > max) throw Bad($"'{Join(path, name)}' must be between {min} and {max}; it was {n}.");
            return (int)n;
        }

        public static JsonElement RequiredArray(JsonElement obj, string name, string path, int min, int max)
        {
            if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
                throw Bad($"Missing required field '{Join(path, name)}'.");
            return CheckArray(v, Join(path, name), min, max);
        }

        public static JsonElement CheckArray(JsonElement v, string path, int min, int max)
        {
            if (v.ValueKind != JsonValueKind.Array) throw Bad($"'{path}' must be an array.");
            int n = v.GetArrayLength();
            if (n < min || n > max)
                throw Bad(min == max ? $"'{path}' must hold exactly {min} item(s); it held {n}." : $"'{path}' must hold between {min} and {max} items; it held {n}.");
            return v;
        }

        /// <summary>A time given as epoch milliseconds or an ISO-8601 string.</summary>
        public static long ReadTime(JsonElement v, string path)
        {
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var ms)) return ms;
            if (v.ValueKind == JsonValueKind.String &&
                DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
                return t.ToUnixTimeMilliseconds();
            throw Bad($"'{path}' must be epoch milliseconds or an ISO-8601 timestamp.");
        }

        public static IEnumerable<(JsonElement Item, string Path)> Items(JsonElement array, string path)
        {
            int i = 0;
            foreach (var item in array.EnumerateArray()) yield return (item, $"{path}[{i++}]");
        }
    }
}
