using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using CogniteRecords.Emulator.Storage;

namespace CogniteRecords.Emulator.Api
{
    /// <summary>Validates the body of ingest and upsert against the reference and the containers, and canonicalizes it.</summary>
    internal static class RecordWriteParser
    {
        public static List<NewRecord> Parse(JsonElement body, ProjectState project, bool rejectRepeatedIds)
        {
            Json.RequireObject(body, "", "items");
            var items = Json.RequiredArray(body, "items", "", 1, 1000);
            var result = new List<NewRecord>(items.GetArrayLength());
            foreach (var (item, path) in Json.Items(items, "items"))
                result.Add(ParseItem(item, path, project));

            if (rejectRepeatedIds)
            {
                var repeated = result.GroupBy(r => (r.Space, r.ExternalId)).Where(g => g.Count() > 1).ToList();
                if (repeated.Count > 0)
                {
                    var dup = new JsonArray();
                    foreach (var g in repeated) dup.Add(new JsonObject { ["space"] = g.Key.Space, ["externalId"] = g.Key.ExternalId });
                    throw new ApiException(422, $"The request repeats {repeated.Count} record id(s) in 'items', e.g. '{repeated[0].Key.Space}/{repeated[0].Key.ExternalId}'; each id may appear once.", duplicated: dup);
                }
            }
            return result;
        }

        /// <summary>Reads a container reference {"type": "container", "space", "externalId"}.</summary>
        public static (string Space, string ExternalId) ContainerRef(JsonElement e, string path)
        {
            Json.RequireObject(e, path, "type", "space", "externalId");
            var type = Json.RequiredString(e, "type", path);
            if (type != "container") throw Json.Bad($"'{path}.type' must be 'container'; it was '{type}'.");
            var space = Json.RequiredString(e, "space", path);
            Identifiers.Space(space, path + ".space");
            var id = Json.RequiredString(e, "externalId", path);
            Identifiers.ContainerExternalId(id, path + ".externalId");
            return (space, id);
        }

        private static NewRecord ParseItem(JsonElement item, string path, ProjectState project)
        {
            Json.RequireObject(item, path, "space", "externalId", "sources");
            var space = Json.RequiredString(item, "space", path);
            Identifiers.Space(space, path + ".space");
            if (!project.Spaces.ContainsKey(space))
                throw Json.Bad($"'{path}.space': space '{space}' does not exist. Create it with POST /models/spaces.");
            var externalId = Json.RequiredString(item, "externalId", path);
            Identifiers.RecordExternalId(externalId, path + ".externalId");
            var sources = Json.RequiredArray(item, "sources", path, 1, 100);

            var bySpace = new Dictionary<string, List<(string Container, JsonElement Props)>>(StringComparer.Ordinal);
            var seen = new HashSet<(string, string)>();
            var containers = new List<(string, string)>();
            foreach (var (src, spath) in Json.Items(sources, path + ".sources"))
            {
                Json.RequireObject(src, spath, "source", "properties");
                if (!src.TryGetProperty("source", out var sref)) throw Json.Bad($"Missing required field '{spath}.source'.");
                var (cspace, cid) = ContainerRef(sref, spath + ".source");
                if (!project.Containers.TryGetValue((cspace, cid), out var container))
                    throw Json.Bad($"'{spath}.source': container '{cspace}/{cid}' does not exist.");
                if (!seen.Add((cspace, cid)))
                    throw Json.Bad($"'{spath}.source': container '{cspace}/{cid}' appears more than once in the record.");
                if (!src.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object)
                    throw Json.Bad($"Missing required field '{spath}.properties' (an object).");
                foreach (var p in props.EnumerateObject())
                {
                    var ppath = $"{spath}.properties.{p.Name}";
                    if (!container.Properties.TryGetValue(p.Name, out var def))
                        throw Json.Bad($"'{ppath}': container '{cspace}/{cid}' has no property '{p.Name}'.");
                    ValueChecker.Check(def, p.Value, ppath);
                }
                foreach (var (name, def) in container.Properties)
                {
                    if (!def.Nullable && !props.TryGetProperty(name, out _) && !def.Definition.TryGetProperty("defaultValue", out _))
                        throw Json.Bad($"'{spath}.properties.{name}' is required: the property is not nullable.");
                }
                if (!bySpace.TryGetValue(cspace, out var list)) bySpace[cspace] = list = new();
                list.Add((cid, props));
                containers.Add((string.Intern(cspace), string.Intern(cid)));
            }

            var buffer = new ArrayBufferWriter<byte>(256);
            using (var w = new Utf8JsonWriter(buffer, CogniteRecords.Emulator.Api.HttpIo.Writer))
            {
                w.WriteStartObject();
                foreach (var (s, list) in bySpace)
                {
                    w.WriteStartObject(s);
                    foreach (var (cid, props) in list)
                    {
                        w.WritePropertyName(cid);
                        props.WriteTo(w);
                    }
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            return new NewRecord(space, externalId, buffer.WrittenSpan.ToArray(), containers.ToArray());
        }
    }
}
