using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CogniteRecords.Emulator.Api;

namespace CogniteRecords.Emulator.Storage
{
    /// <summary>Checks record property values against their container property's type.</summary>
    internal static partial class ValueChecker
    {
        [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
        private static partial Regex DateRegex();

        [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$")]
        private static partial Regex TimestampRegex();

        public static void Check(PropertyDef def, JsonElement value, string path)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                if (!def.Nullable) throw Json.Bad($"'{path}' must not be null: the property is not nullable.");
                return;
            }
            if (def.IsList)
            {
                if (value.ValueKind != JsonValueKind.Array) throw Json.Bad($"'{path}' must be a list of {def.Type}.");
                int max = def.MaxListSize ?? (def.Type == "direct" ? 100 : 1000);
                int n = value.GetArrayLength();
                if (n > max) throw Json.Bad($"'{path}' holds {n} values; at most {max} are allowed.");
                int i = 0;
                foreach (var v in value.EnumerateArray()) CheckSingle(def.Type, v, $"{path}[{i++}]");
                return;
            }
            if (value.ValueKind == JsonValueKind.Array) throw Json.Bad($"'{path}' must be a single {def.Type} value, not a list.");
            if (def.EnumValues != null) { CheckEnum(def, value, path); return; }
            CheckSingle(def.Type, value, path);
        }

        private static void CheckSingle(string type, JsonElement v, string path)
        {
            bool ok = type switch
            {
                "text" => v.ValueKind == JsonValueKind.String,
                "boolean" => v.ValueKind is JsonValueKind.True or JsonValueKind.False,
                "float32" or "float64" => v.ValueKind == JsonValueKind.Number,
                "int32" => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out _),
                "int64" => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _),
                "timestamp" => v.ValueKind == JsonValueKind.String && IsTimestamp(v.GetString()!),
                "date" => v.ValueKind == JsonValueKind.String && DateRegex().IsMatch(v.GetString()!) &&
                          DateTime.TryParseExact(v.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                "json" => v.ValueKind != JsonValueKind.Null,
                "direct" => IsDirect(v),
                _ => false,
            };
            if (!ok) throw Json.Bad($"'{path}' must be a {Describe(type)}; got {Describe(v)}.");
            if (type == "text" && Encoding.UTF8.GetByteCount(v.GetString()!) > 128 * 1024)
                throw Json.Bad($"'{path}' is longer than 128 KB.");
            if (type == "json" && v.ValueKind == JsonValueKind.Object)
            {
                int keys = 0;
                foreach (var p in v.EnumerateObject())
                {
                    keys++;
                    if (p.Name.Length > 128) throw Json.Bad($"'{path}' has a key longer than 128 characters.");
                }
                if (keys > 256) throw Json.Bad($"'{path}' has {keys} keys; at most 256 are allowed.");
                if (Encoding.UTF8.GetByteCount(v.GetRawText()) > 40960) throw Json.Bad($"'{path}' is larger than 40,960 bytes.");
            }
        }

        /// <summary>
        /// An enum value is one of the property's values, compared exactly (our choice: case matters). The
        /// unknownValue is for readers of data written under a newer definition, so it cannot be written.
        /// </summary>
        private static void CheckEnum(PropertyDef def, JsonElement v, string path)
        {
            var values = def.EnumValues!;
            string property = path.Substring(path.LastIndexOf('.') + 1);
            if (v.ValueKind != JsonValueKind.String)
                throw Json.Bad($"'{path}' must be one of the values of the enum property '{property}' ({string.Join(", ", values)}); got {Describe(v)}.");
            var s = v.GetString()!;
            if (!values.Contains(s))
                throw Json.Bad($"'{path}': '{s}' is not a value of the enum property '{property}'. Allowed: {string.Join(", ", values)}.");
            if (s == def.UnknownValue)
                throw Json.Bad($"'{path}': '{s}' is the unknownValue of the enum property '{property}' and cannot be written.");
        }

        private static bool IsTimestamp(string s) =>
            TimestampRegex().IsMatch(s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

        private static bool IsDirect(JsonElement v)
        {
            if (v.ValueKind != JsonValueKind.Object) return false;
            int n = 0;
            foreach (var p in v.EnumerateObject())
            {
                n++;
                if (p.Name is not ("space" or "externalId") || p.Value.ValueKind != JsonValueKind.String) return false;
            }
            return n == 2;
        }

        private static string Describe(string type) => type switch
        {
            "timestamp" => "timestamp string (YYYY-MM-DDTHH:MM:SS[.sss](Z|+hh:mm))",
            "date" => "date string (YYYY-MM-DD)",
            "direct" => "direct relation {\"space\", \"externalId\"}",
            "int32" => "32-bit integer",
            "int64" => "64-bit integer",
            "float32" or "float64" => "number",
            "json" => "JSON value",
            _ => type,
        };

        private static string Describe(JsonElement v) => v.ValueKind switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "the number " + v.GetRawText(),
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "a list",
            _ => v.ValueKind.ToString().ToLowerInvariant(),
        };
    }
}
