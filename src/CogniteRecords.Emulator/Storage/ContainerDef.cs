using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.RegularExpressions;
using CogniteRecords.Emulator.Api;

namespace CogniteRecords.Emulator.Storage
{
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
}
