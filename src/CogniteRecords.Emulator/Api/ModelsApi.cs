using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Hosting;
using CogniteRecords.Emulator.Storage;
using Microsoft.AspNetCore.Http;

namespace CogniteRecords.Emulator.Api
{
    /// <summary>The Data Modeling calls records depend on: spaces and containers.</summary>
    internal sealed class ModelsApi
    {
        private readonly EmulatorRuntime _rt;

        public ModelsApi(EmulatorRuntime rt) => _rt = rt;

        private ProjectState Project(HttpContext ctx) => _rt.Store.Project((string)ctx.Request.RouteValues["project"]!);

        public async Task UpsertSpaces(HttpContext ctx)
        {
            var project = Project(ctx);
            using var doc = await HttpIo.ReadJsonAsync(ctx);
            var body = doc.RootElement;
            Json.RequireObject(body, "", "items");
            var items = Json.RequiredArray(body, "items", "", 1, 100);
            var parsed = new List<(string Space, string? Name, string? Description)>();
            foreach (var (item, path) in Json.Items(items, "items"))
            {
                Json.RequireObject(item, path, "space", "name", "description");
                var space = Json.RequiredString(item, "space", path);
                Identifiers.Space(space, path + ".space");
                if (space is "space" or "cdf" or "dms" or "pg3" or "shared" or "system" or "node" or "edge")
                    throw Json.Bad($"'{path}.space': '{space}' is reserved.");
                parsed.Add((space, Json.OptionalString(item, "name", path), Json.OptionalString(item, "description", path)));
            }
            long now = project.NowMs;
            var result = new List<SpaceDef>();
            foreach (var (space, name, desc) in parsed)
            {
                var def = project.Spaces.AddOrUpdate(space,
                    s => new SpaceDef(s, name, desc, now, now),
                    (s, old) => old with { Name = name, Description = desc, LastUpdatedTime = now });
                result.Add(def);
            }
            _rt.MarkDirty();
            await HttpIo.WriteJsonAsync(ctx, 200, w => WriteSpaces(w, result));
        }

        /// <summary>GET /models/spaces: every space in id order, paged with limit (1-1000, default 10) and cursor.</summary>
        public Task ListSpaces(HttpContext ctx)
        {
            var all = Project(ctx).Spaces.Values.OrderBy(s => s.Space, StringComparer.Ordinal).ToList();
            var (page, next) = Page(ctx.Request.Query, all);
            return HttpIo.WriteJsonAsync(ctx, 200, w => WriteSpaces(w, page, next));
        }

        /// <summary>POST /models/spaces/byids: the spaces asked for that exist; unknown ones are left out.</summary>
        public async Task SpacesByIds(HttpContext ctx)
        {
            var project = Project(ctx);
            var found = new List<SpaceDef>();
            foreach (var space in await ReadSpaceIds(ctx))
                if (project.Spaces.TryGetValue(space, out var s)) found.Add(s);
            await HttpIo.WriteJsonAsync(ctx, 200, w => WriteSpaces(w, found));
        }

        /// <summary>
        /// POST /models/spaces/delete: deletes the spaces; unknown ones are ignored. As in Data Modeling only an empty
        /// space can be deleted: our choice is a 409 naming what the space still holds (containers, or records in a
        /// stream that is not deleted), and then nothing in the request is deleted.
        /// </summary>
        public async Task DeleteSpaces(HttpContext ctx)
        {
            var project = Project(ctx);
            var spaces = await ReadSpaceIds(ctx);
            var streams = project.LiveStreams();
            foreach (var space in spaces)
            {
                if (!project.Spaces.ContainsKey(space)) continue;
                var containers = project.Containers.Keys.Where(k => k.Space == space).Select(k => k.ExternalId)
                    .OrderBy(c => c, StringComparer.Ordinal).ToList();
                if (containers.Count > 0)
                    throw new ApiException(409, $"Space '{space}' is not empty: it holds {containers.Count} container(s) ({Few(containers)}). Delete them first (POST /models/containers/delete).");
                var holders = streams.Where(st => st.LiveRecords(r => r.Space == space).Count > 0).Select(st => st.ExternalId).ToList();
                if (holders.Count > 0)
                    throw new ApiException(409, $"Space '{space}' is not empty: records in stream(s) {Few(holders)} belong to it. Delete those records or streams first.");
            }
            var deleted = spaces.Where(s => project.Spaces.TryRemove(s, out _)).ToList();
            _rt.MarkDirty();
            await HttpIo.WriteJsonAsync(ctx, 200, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("items");
                foreach (var s in deleted) { w.WriteStartObject(); w.WriteString("space", s); w.WriteEndObject(); }
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        /// <summary>Reads {"items": [1-100 x {"space"}]}, each id checked, repeats dropped.</summary>
        private static async Task<List<string>> ReadSpaceIds(HttpContext ctx)
        {
            using var doc = await HttpIo.ReadJsonAsync(ctx);
            var body = doc.RootElement;
            Json.RequireObject(body, "", "items");
            var items = Json.RequiredArray(body, "items", "", 1, 100);
            var result = new List<string>();
            foreach (var (item, path) in Json.Items(items, "items"))
            {
                Json.RequireObject(item, path, "space");
                var space = Json.RequiredString(item, "space", path);
                Identifiers.Space(space, path + ".space");
                if (!result.Contains(space)) result.Add(space);
            }
            return result;
        }

        private static void WriteSpaces(Utf8JsonWriter w, IEnumerable<SpaceDef> spaces, string? next = null)
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (var s in spaces)
            {
                w.WriteStartObject();
                w.WriteString("space", s.Space);
                if (s.Name != null) w.WriteString("name", s.Name);
                if (s.Description != null) w.WriteString("description", s.Description);
                w.WriteNumber("createdTime", s.CreatedTime);
                w.WriteNumber("lastUpdatedTime", s.LastUpdatedTime);
                w.WriteBoolean("isGlobal", false);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (next != null) w.WriteString("nextCursor", next);
            w.WriteEndObject();
        }

        public async Task UpsertContainers(HttpContext ctx)
        {
            var project = Project(ctx);
            using var doc = await HttpIo.ReadJsonAsync(ctx);
            var body = doc.RootElement;
            Json.RequireObject(body, "", "items");
            var items = Json.RequiredArray(body, "items", "", 1, 100);
            long now = project.NowMs;
            var parsed = new List<ContainerDef>();
            foreach (var (item, path) in Json.Items(items, "items"))
            {
                var space = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("space", out var sp) && sp.ValueKind == JsonValueKind.String ? sp.GetString()! : "";
                var id = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("externalId", out var ex) && ex.ValueKind == JsonValueKind.String ? ex.GetString()! : "";
                long? created = project.Containers.TryGetValue((space, id), out var old) ? old.CreatedTime : null;
                var def = ContainerDef.Parse(item, path, now, created);
                if (!project.Spaces.ContainsKey(def.Space))
                    throw Json.Bad($"'{path}.space': space '{def.Space}' does not exist. Create it with POST /models/spaces.");
                parsed.Add(def);
            }
            foreach (var def in parsed) project.Containers[(def.Space, def.ExternalId)] = def;
            _rt.MarkDirty();
            await HttpIo.WriteJsonAsync(ctx, 200, w => WriteContainers(w, parsed, null));
        }

        /// <summary>POST /models/containers/byids: the containers asked for that exist; unknown ones are left out.</summary>
        public async Task ContainersByIds(HttpContext ctx)
        {
            var project = Project(ctx);
            var found = new List<ContainerDef>();
            foreach (var key in await ReadContainerIds(ctx, allowType: true))
                if (project.Containers.TryGetValue(key, out var c)) found.Add(c);
            await HttpIo.WriteJsonAsync(ctx, 200, w => WriteContainers(w, found, null));
        }

        /// <summary>GET /models/containers: every container (of one space with ?space=), paged like the spaces.</summary>
        public Task ListContainers(HttpContext ctx)
        {
            var project = Project(ctx);
            var q = ctx.Request.Query;
            string? space = q["space"].Count > 0 ? q["space"].ToString() : null;
            if (space != null) Identifiers.Space(space, "space");
            var all = project.Containers.Values.Where(c => space == null || c.Space == space)
                .OrderBy(c => c.Space, StringComparer.Ordinal).ThenBy(c => c.ExternalId, StringComparer.Ordinal).ToList();
            var (page, next) = Page(q, all);
            return HttpIo.WriteJsonAsync(ctx, 200, w => WriteContainers(w, page, next));
        }

        /// <summary>
        /// POST /models/containers/delete: deletes the containers; unknown ones are ignored. Our choice (Data Modeling
        /// documents nothing for records): a container that records in a stream that is not deleted still hold data
        /// in is refused with a 409 naming the streams, and then nothing in the request is deleted; records must
        /// never hold properties no container defines.
        /// </summary>
        public async Task DeleteContainers(HttpContext ctx)
        {
            var project = Project(ctx);
            var ids = await ReadContainerIds(ctx, allowType: false);
            var streams = project.LiveStreams();
            foreach (var (space, id) in ids)
            {
                if (!project.Containers.ContainsKey((space, id))) continue;
                var holders = streams.Where(st => st.LiveRecords(r => r.HasData(space, id)).Count > 0).Select(st => st.ExternalId).ToList();
                if (holders.Count > 0)
                    throw new ApiException(409, $"Container '{space}/{id}' is in use: records in stream(s) {Few(holders)} hold data in it. Delete those records or streams first.");
            }
            var deleted = ids.Where(k => project.Containers.TryRemove(k, out _)).ToList();
            _rt.MarkDirty();
            await HttpIo.WriteJsonAsync(ctx, 200, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("items");
                foreach (var (space, id) in deleted)
                {
                    w.WriteStartObject();
                    w.WriteString("space", space);
                    w.WriteString("externalId", id);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        /// <summary>Reads {"items": [1-100 x {"space", "externalId"}]} (byids also takes "type": "container").</summary>
        private static async Task<List<(string Space, string ExternalId)>> ReadContainerIds(HttpContext ctx, bool allowType)
        {
            using var doc = await HttpIo.ReadJsonAsync(ctx);
            var body = doc.RootElement;
            Json.RequireObject(body, "", "items");
            var items = Json.RequiredArray(body, "items", "", 1, 100);
            var result = new List<(string, string)>();
            foreach (var (item, path) in Json.Items(items, "items"))
            {
                if (allowType) Json.RequireObject(item, path, "type", "space", "externalId");
                else Json.RequireObject(item, path, "space", "externalId");
                if (allowType && Json.OptionalString(item, "type", path) is { } type && type != "container")
                    throw Json.Bad($"'{path}.type' must be 'container'; it was '{type}'.");
                var space = Json.RequiredString(item, "space", path);
                Identifiers.Space(space, path + ".space");
                var id = Json.RequiredString(item, "externalId", path);
                Identifiers.ContainerExternalId(id, path + ".externalId");
                if (!result.Contains((space, id))) result.Add((space, id));
            }
            return result;
        }

        /// <summary>One page of a list ordered by id: limit 1-1000 (default 10); the cursor is the offset, base64.</summary>
        private static (List<T> Page, string? Next) Page<T>(IQueryCollection q, List<T> all)
        {
            int limit = 10;
            if (q["limit"].Count > 0 && (!int.TryParse(q["limit"], out limit) || limit < 1 || limit > 1000))
                throw Json.Bad($"'limit' must be an integer between 1 and 1000; it was '{q["limit"]}'.");
            if (q["includeGlobal"].Count > 0 && !bool.TryParse(q["includeGlobal"], out _))
                throw Json.Bad($"'includeGlobal' must be true or false; it was '{q["includeGlobal"]}'.");
            int offset = 0;
            if (q["cursor"].Count > 0)
            {
                try { offset = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(q["cursor"].ToString()))); }
                catch (FormatException) { throw Json.Bad("'cursor' is not a cursor this endpoint issued."); }
                if (offset < 0) throw Json.Bad("'cursor' is not a cursor this endpoint issued.");
            }
            var page = all.Skip(offset).Take(limit).ToList();
            string? next = offset + limit < all.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + limit).ToString())) : null;
            return (page, next);
        }

        /// <summary>Up to five names, quoted, for an error message.</summary>
        private static string Few(IReadOnlyList<string> names) =>
            string.Join(", ", names.Take(5).Select(n => $"'{n}'")) + (names.Count > 5 ? $" and {names.Count - 5} more" : "");

        private static void WriteContainers(Utf8JsonWriter w, IEnumerable<ContainerDef> containers, string? next)
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (var c in containers) c.WriteTo(w);
            w.WriteEndArray();
            if (next != null) w.WriteString("nextCursor", next);
            w.WriteEndObject();
        }
    }
}
