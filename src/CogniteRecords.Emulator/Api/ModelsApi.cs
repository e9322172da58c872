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

        public Task ListSpaces(HttpContext ctx)
        {
            var spaces = Project(ctx).Spaces.Values.OrderBy(s => s.Space, StringComparer.Ordinal).ToList();
            return HttpIo.WriteJsonAsync(ctx, 200, w => WriteSpaces(w, spaces));
        }

        private static void WriteSpaces(Utf8JsonWriter w, IEnumerable<SpaceDef> spaces)
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

        public async Task ContainersByIds(HttpContext ctx)
        {
            var project = Project(ctx);
            using var doc = await HttpIo.ReadJsonAsync(ctx);
            var body = doc.RootElement;
            Json.RequireObject(body, "", "items");
            var items = Json.RequiredArray(body, "items", "", 1, 100);
            var found = new List<ContainerDef>();
            foreach (var (item, path) in Json.Items(items, "items"))
            {
                Json.RequireObject(item, path, "type", "space", "externalId");
                var space = Json.RequiredString(item, "space", path);
                var id = Json.RequiredString(item, "externalId", path);
                if (project.Containers.TryGetValue((space, id), out var c)) found.Add(c);
            }
            await HttpIo.WriteJsonAsync(ctx, 200, w => WriteContainers(w, found, null));
        }

        public Task ListContainers(HttpContext ctx)
        {
            var project = Project(ctx);
            var q = ctx.Request.Query;
            string? space = q["space"].Count > 0 ? q["space"].ToString() : null;
            int limit = 10;
            if (q["limit"].Count > 0 && (!int.TryParse(q["limit"], out limit) || limit < 1 || limit > 1000))
                throw Json.Bad($"'limit' must be an integer between 1 and 1000; it was '{q["limit"]}'.");
            int offset = 0;
            if (q["cursor"].Count > 0)
            {
                try { offset = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(q["cursor"].ToString()))); }
                catch (FormatException) { throw Json.Bad("'cursor' is not a cursor this endpoint issued."); }
            }
            var all = project.Containers.Values.Where(c => space == null || c.Space == space)
                .OrderBy(c => c.Space, StringComparer.Ordinal).ThenBy(c => c.ExternalId, StringComparer.Ordinal).ToList();
            var page = all.Skip(offset).Take(limit).ToList();
            string? next = offset + limit < all.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + limit).ToString())) : null;
            return HttpIo.WriteJsonAsync(ctx, 200, w => WriteContainers(w, page, next));
        }

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
