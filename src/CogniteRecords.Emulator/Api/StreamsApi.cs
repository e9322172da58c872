using System;
using System.Text.Json;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Hosting;
using CogniteRecords.Emulator.Storage;
using Microsoft.AspNetCore.Http;

namespace CogniteRecords.Emulator.Api
{
    /// <summary>Streams: create, list, retrieve (with statistics), soft delete, and the deprecated DELETE (410).</summary>
    internal sealed class StreamsApi
    {
        private readonly EmulatorRuntime _rt;

        public StreamsApi(EmulatorRuntime rt) => _rt = rt;

        private ProjectState Project(HttpContext ctx) => _rt.Store.Project((string)ctx.Request.RouteValues["project"]!);

        public async Task Create(HttpContext ctx)
        {
            var project = Project(ctx);
            using var doc = await HttpIo.ReadJsonAsync(ctx);
            var body = doc.RootElement;
            Json.RequireObject(body, "", "items");
            var items = Json.RequiredArray(body, "items", "", 1, 1);
            var item = items[0];
            Json.RequireObject(item, "items[0]", "externalId", "settings");
            var id = Json.RequiredString(item, "externalId", "items[0]");
            Identifiers.StreamId(id, "items[0].externalId");
            if (!item.TryGetProperty("settings", out var settings)) throw Json.Bad("Missing required field 'items[0].settings'.");
            Json.RequireObject(settings, "items[0].settings", "template");
            if (!settings.TryGetProperty("template", out var template)) throw Json.Bad("Missing required field 'items[0].settings.template'.");
            Json.RequireObject(template, "items[0].settings.template", "name");
            var name = Json.RequiredString(template, "name", "items[0].settings.template");
            var t = project.Policy.Template(name, "items[0].settings.template.name");
            var stream = project.CreateStream(id, t);
            _rt.MarkDirty();
            await HttpIo.WriteJsonAsync(ctx, 201, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("items");
                WriteStream(w, stream, false);
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        public Task List(HttpContext ctx)
        {
            var streams = Project(ctx).LiveStreams();
            return HttpIo.WriteJsonAsync(ctx, 200, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("items");
                foreach (var s in streams) WriteStream(w, s, false);
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        public Task Retrieve(HttpContext ctx)
        {
            var stream = Project(ctx).GetStream((string)ctx.Request.RouteValues["streamId"]!);
            var stats = ctx.Request.Query["includeStatistics"].ToString();
            if (stats.Length > 0 && stats != "true" && stats != "false")
                throw Json.Bad($"'includeStatistics' must be true or false; it was '{stats}'.");
            return HttpIo.WriteJsonAsync(ctx, 200, w => WriteStream(w, stream, stats == "true"));
        }

        public async Task Delete(HttpContext ctx)
        {
            var project = Project(ctx);
            using var doc = await HttpIo.ReadJsonAsync(ctx);
            var body = doc.RootElement;
            Json.RequireObject(body, "", "items");
            var items = Json.RequiredArray(body, "items", "", 1, 1);
            Json.RequireObject(items[0], "items[0]", "externalId");
            var id = Json.RequiredString(items[0], "externalId", "items[0]");
            Identifiers.StreamId(id, "items[0].externalId");
            // Idempotent: deleting an unknown or already deleted stream succeeds too.
            project.SoftDeleteStream(id);
            _rt.MarkDirty();
            await HttpIo.WriteEmptyAsync(ctx, 200);
        }

        public Task DeleteDeprecated(HttpContext ctx) =>
            throw new ApiException(410, "DELETE /streams/{streamId} is no longer supported; use POST /streams/delete.");

        internal static void WriteStream(Utf8JsonWriter w, StreamState s, bool statistics)
        {
            var t = s.Template;
            w.WriteStartObject();
            w.WriteString("externalId", s.ExternalId);
            w.WriteNumber("createdTime", s.CreatedTime);
            w.WriteString("createdFromTemplate", t.Name);
            w.WriteString("type", t.Mutable ? "Mutable" : "Immutable");
            w.WriteStartObject("settings");
            w.WriteStartObject("lifecycle");
            w.WriteString("retainedAfterSoftDelete", t.RetainedAfterSoftDelete);
            if (t.DataDeletedAfter != null) w.WriteString("dataDeletedAfter", t.DataDeletedAfter);
            w.WriteEndObject();
            w.WriteStartObject("limits");
            w.WriteStartObject("maxRecordsTotal");
            w.WriteNumber("provisioned", t.MaxRecords);
            if (statistics) w.WriteNumber("consumed", s.LiveCount);
            w.WriteEndObject();
            w.WriteStartObject("maxGigaBytesTotal");
            w.WriteNumber("provisioned", t.MaxGigaBytes);
            if (statistics) w.WriteNumber("consumed", s.LiveBytes / 1e9);
            w.WriteEndObject();
            if (t.MaxFilteringInterval != null) w.WriteString("maxFilteringInterval", t.MaxFilteringInterval);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
    }
}
