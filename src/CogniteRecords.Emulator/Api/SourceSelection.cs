using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using CogniteRecords.Emulator.Storage;

namespace CogniteRecords.Emulator.Api
{
    /// <summary>The "sources" of sync and filter: which containers and properties come back.</summary>
    internal sealed class SourceSelection
    {
        // null set = every property ("*")
        private readonly Dictionary<(string Space, string Container), HashSet<string>?> _selected = new();

        /// <summary>Null when the request has no sources: every property comes back (our choice).</summary>
        public static SourceSelection? Parse(JsonElement body, ProjectState project)
        {
            if (!Json.TryGet(body, "sources", out var sources)) return null;
            Json.CheckArray(sources, "sources", 1, 10);
            var sel = new SourceSelection();
            foreach (var (item, path) in Json.Items(sources, "sources"))
            {
                Json.RequireObject(item, path, "source", "properties");
                if (!item.TryGetProperty("source", out var sref)) throw Json.Bad($"Missing required field '{path}.source'.");
                var key = RecordWriteParser.ContainerRef(sref, path + ".source");
                if (!project.Containers.TryGetValue(key, out var container))
                    throw Json.Bad($"'{path}.source': container '{key.Space}/{key.ExternalId}' does not exist.");
                var props = Json.RequiredArray(item, "properties", path, 1, 1000);
                HashSet<string>? set = new(StringComparer.Ordinal);
                foreach (var (p, ppath) in Json.Items(props, path + ".properties"))
                {
                    if (p.ValueKind != JsonValueKind.String) throw Json.Bad($"'{ppath}' must be a string.");
                    var name = p.GetString()!;
                    if (name.Length < 1 || name.Length > 255) throw Json.Bad($"'{ppath}' must be 1-255 characters long.");
                    if (name == "*") { set = null; break; }
                    if (!container.Properties.ContainsKey(name))
                        throw Json.Bad($"'{ppath}': container '{key.Space}/{key.ExternalId}' has no property '{name}'.");
                    set.Add(name);
                }
                if (sel._selected.TryGetValue(key, out var existing))
                {
                    if (existing == null || set == null) sel._selected[key] = null;
                    else existing.UnionWith(set);
                }
                else sel._selected[key] = set;
            }
            return sel;
        }

        /// <summary>The selected containers and their properties (null: every property).</summary>
        public IEnumerable<KeyValuePair<(string Space, string Container), HashSet<string>?>> Selected => _selected;

        /// <summary>True when the version's stored properties can be sent as they are.</summary>
        public bool SendsAll(RecordVersion v)
        {
            foreach (var c in v.Containers)
                if (!_selected.TryGetValue(c, out var set) || set != null) return false;
            return true;
        }

        /// <summary>The selected subset of a properties object, as UTF-8 JSON.</summary>
        public byte[] Select(byte[] properties)
        {
            var buffer = new ArrayBufferWriter<byte>(properties.Length);
            using var doc = JsonDocument.Parse(properties);
            using (var w = new Utf8JsonWriter(buffer, CogniteRecords.Emulator.Api.HttpIo.Writer))
            {
                w.WriteStartObject();
                foreach (var s in doc.RootElement.EnumerateObject())
                {
                    bool spaceOpen = false;
                    foreach (var c in s.Value.EnumerateObject())
                    {
                        if (!_selected.TryGetValue((s.Name, c.Name), out var set)) continue;
                        if (!spaceOpen) { w.WriteStartObject(s.Name); spaceOpen = true; }
                        if (set == null) { w.WritePropertyName(c.Name); c.Value.WriteTo(w); continue; }
                        w.WriteStartObject(c.Name);
                        foreach (var p in c.Value.EnumerateObject())
                            if (set.Contains(p.Name)) p.WriteTo(w);
                        w.WriteEndObject();
                    }
                    if (spaceOpen) w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            return buffer.WrittenSpan.ToArray();
        }
    }
}
