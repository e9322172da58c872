using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CogniteRecords.Emulator.Api;

namespace CogniteRecords.Emulator.Storage
{
    /// <summary>A data-modeling space.</summary>
    public sealed record SpaceDef(string Space, string? Name, string? Description, long CreatedTime, long LastUpdatedTime);

    /// <summary>
    /// One property of a container: its value type, whether it is a list, and whether it may be null.
    /// EnumValues holds the allowed values of an enum property (null for every other type).
    /// </summary>
    public sealed record PropertyDef(string Type, bool IsList, bool Nullable, int? MaxListSize, JsonElement Definition,
        IReadOnlyList<string>? EnumValues = null, string? UnknownValue = null);

    /// <summary>A container: the schema that record properties are checked against.</summary>
    public sealed partial class ContainerDef
    {
        public static readonly string[] Types = { "text", "boolean", "float32", "float64", "int32", "int64", "timestamp", "date", "json", "direct", "enum" };

        public required string Space { get; init; }
        public required string ExternalId { get; init; }
        public string UsedFor { get; init; } = "record";
        public string? Name { get; init; }
        public string? Description { get; init; }
        public required IReadOnlyDictionary<string, PropertyDef> Properties { get; init; }
        public long CreatedTime { get; init; }
        public long LastUpdatedTime { get; init; }

        /// <summary>The container as the API returns it.</summary>
        public void WriteTo(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteString("space", Space);
            w.WriteString("externalId", ExternalId);
            if (Name != null) w.WriteString("name", Name);
            if (Description != null) w.WriteString("description", Description);
            w.WriteString("usedFor", UsedFor);
            w.WritePropertyName("properties");
            w.WriteStartObject();
            foreach (var (id, p) in Properties)
            {
                w.WritePropertyName(id);
                p.Definition.WriteTo(w);
            }
            w.WriteEndObject();
            w.WriteStartObject("constraints"); w.WriteEndObject();
            w.WriteStartObject("indexes"); w.WriteEndObject();
            w.WriteBoolean("isGlobal", false);
            w.WriteNumber("createdTime", CreatedTime);
            w.WriteNumber("lastUpdatedTime", LastUpdatedTime);
            w.WriteEndObject();
        }

        /// <summary>Parses one item of POST /models/containers; every error names the field.</summary>
        public static ContainerDef Parse(JsonElement item, string path, long now, long? createdTime)
        {
            Json.RequireObject(item, path, "space", "externalId", "name", "description", "usedFor", "properties", "constraints", "indexes");
            var space = Json.RequiredString(item, "space", path);
            Identifiers.Space(space, Json.Join(path, "space"));
            var externalId = Json.RequiredString(item, "externalId", path);
            Identifiers.ContainerExternalId(externalId, Json.Join(path, "externalId"));
            var usedFor = Json.OptionalString(item, "usedFor", path) ?? "node";
            if (usedFor is not ("node" or "edge" or "all" or "record"))
                throw Json.Bad($"'{path}.usedFor' must be one of node, edge, all, record; it was '{usedFor}'.");
            if (!item.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object)
                throw Json.Bad($"Missing required field '{path}.properties' (an object).");
            var defs = new Dictionary<string, PropertyDef>(StringComparer.Ordinal);
            foreach (var p in props.EnumerateObject())
            {
                var ppath = $"{path}.properties.{p.Name}";
                Identifiers.PropertyId(p.Name, ppath);
                defs[p.Name] = ParseProperty(p.Value, ppath);
            }
            if (defs.Count == 0) throw Json.Bad($"'{path}.properties' must define at least one property.");
            if (defs.Count > 100) throw Json.Bad($"'{path}.properties' may define at most 100 properties; it defined {defs.Count}.");
            return new ContainerDef
            {
                Space = space,
                ExternalId = externalId,
                UsedFor = usedFor,
                Name = Json.OptionalString(item, "name", path),
                Description = Json.OptionalString(item, "description", path),
                Properties = defs,
                CreatedTime = createdTime ?? now,
                LastUpdatedTime = now,
            };
        }

        private static PropertyDef ParseProperty(JsonElement e, string path)
        {
            Json.RequireObject(e, path, "type", "nullable", "autoIncrement", "defaultValue", "description", "name", "immutable");
            if (!e.TryGetProperty("type", out var t)) throw Json.Bad($"Missing required field '{path}.type'.");
            if (t.ValueKind != JsonValueKind.Object) throw Json.Bad($"'{path}.type' must be an object.");
            var type = Json.RequiredString(t, "type", path + ".type");
            if (Array.IndexOf(Types, type) < 0)
                throw Json.Bad($"'{path}.type.type' must be one of {string.Join(", ", Types)}; it was '{type}'.");
            if (type == "enum") return ParseEnumProperty(e, t, path);
            Json.RequireObject(t, path + ".type", "type", "list", "collation", "maxListSize", "container", "unit", "maxTextSize");
            bool list = Json.OptionalBool(t, "list", path + ".type") ?? false;
            int? maxList = Json.OptionalInt(t, "maxListSize", path + ".type", 1, 2000);
            bool nullable = Json.OptionalBool(e, "nullable", path) ?? true;

            // Normalized definition with the defaults CDF fills in, so readers see every field.
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteBoolean("immutable", Json.OptionalBool(e, "immutable", path) ?? false);
                w.WriteBoolean("nullable", nullable);
                w.WriteBoolean("autoIncrement", Json.OptionalBool(e, "autoIncrement", path) ?? false);
                if (Json.OptionalString(e, "name", path) is { } name) w.WriteString("name", name);
                if (Json.OptionalString(e, "description", path) is { } desc) w.WriteString("description", desc);
                if (Json.TryGet(e, "defaultValue", out var dv)) { w.WritePropertyName("defaultValue"); dv.WriteTo(w); }
                w.WritePropertyName("type");
                w.WriteStartObject();
                w.WriteString("type", type);
                w.WriteBoolean("list", list);
                if (type == "text") w.WriteString("collation", Json.OptionalString(t, "collation", path + ".type") ?? "ucs_basic");
                if (maxList is int m) w.WriteNumber("maxListSize", m);
                foreach (var extra in new[] { "container", "unit", "maxTextSize" })
                    if (Json.TryGet(t, extra, out var x)) { w.WritePropertyName(extra); x.WriteTo(w); }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            var def = JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
            return new PropertyDef(type, list, nullable, maxList, def);
        }

        [GeneratedRegex("^[_A-Za-z][_0-9A-Za-z]{0,127}$")]
        private static partial Regex EnumValueRegex();

        /// <summary>
        /// An enum property: {"type": "enum", "values": {"a": {"name"?, "description"?}, ...}, "unknownValue"?}.
        /// As in Data Modeling: 1-32 values, each key 1-128 characters of letters, digits and '_' (not starting with
        /// a digit) and not true/false/null; an enum is never a list; unknownValue, when given, is one of the values.
        /// </summary>
        private static PropertyDef ParseEnumProperty(JsonElement e, JsonElement t, string path)
        {
            var tpath = path + ".type";
            Json.RequireObject(t, tpath, "type", "values", "unknownValue", "list");
            if (Json.OptionalBool(t, "list", tpath) == true)
                throw Json.Bad($"'{tpath}.list': an enum property cannot be a list.");
            if (!t.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Object)
                throw Json.Bad($"Missing required field '{tpath}.values' (an object whose keys are the allowed values).");
            var allowed = new List<string>();
            foreach (var v in values.EnumerateObject())
            {
                var vpath = $"{tpath}.values.{v.Name}";
                if (!EnumValueRegex().IsMatch(v.Name))
                    throw Json.Bad($"'{vpath}': '{v.Name}' is not a valid enum value. It must be 1-128 characters matching ^[_A-Za-z][_0-9A-Za-z]{{0,127}}$.");
                if (v.Name is "true" or "false" or "null")
                    throw Json.Bad($"'{vpath}': '{v.Name}' is reserved and cannot be an enum value.");
                Json.RequireObject(v.Value, vpath, "name", "description");
                if (Json.OptionalString(v.Value, "name", vpath) is { Length: > 255 })
                    throw Json.Bad($"'{vpath}.name' must be at most 255 characters.");
                if (Json.OptionalString(v.Value, "description", vpath) is { Length: > 1024 })
                    throw Json.Bad($"'{vpath}.description' must be at most 1024 characters.");
                allowed.Add(v.Name);
            }
            if (allowed.Count is < 1 or > 32)
                throw Json.Bad($"'{tpath}.values' must hold between 1 and 32 values; it held {allowed.Count}.");
            var unknown = Json.OptionalString(t, "unknownValue", tpath);
            if (unknown != null && !allowed.Contains(unknown))
                throw Json.Bad($"'{tpath}.unknownValue': '{unknown}' is not one of the values ({string.Join(", ", allowed)}).");
            bool nullable = Json.OptionalBool(e, "nullable", path) ?? true;

            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteBoolean("immutable", Json.OptionalBool(e, "immutable", path) ?? false);
                w.WriteBoolean("nullable", nullable);
                w.WriteBoolean("autoIncrement", Json.OptionalBool(e, "autoIncrement", path) ?? false);
                if (Json.OptionalString(e, "name", path) is { } name) w.WriteString("name", name);
                if (Json.OptionalString(e, "description", path) is { } desc) w.WriteString("description", desc);
                if (Json.TryGet(e, "defaultValue", out var dv)) { w.WritePropertyName("defaultValue"); dv.WriteTo(w); }
                w.WritePropertyName("type");
                w.WriteStartObject();
                w.WriteString("type", "enum");
                w.WritePropertyName("values");
                values.WriteTo(w);
                if (unknown != null) w.WriteString("unknownValue", unknown);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            var def = JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
            return new PropertyDef("enum", false, nullable, null, def, allowed, unknown);
        }
    }

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
