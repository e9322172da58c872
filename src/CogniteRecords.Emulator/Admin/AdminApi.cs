using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Api;
using CogniteRecords.Emulator.Hosting;
using CogniteRecords.Emulator.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CogniteRecords.Emulator.Admin
{
    /// <summary>
    /// The admin API under /_emulator/ (no auth; a prefix the Records API never uses): faults, the request log,
    /// run-time config, tokens, seeding, reset and snapshots.
    /// </summary>
    internal sealed class AdminApi
    {
        private readonly EmulatorRuntime _rt;
        private readonly Func<Task>? _snapshot;

        public AdminApi(EmulatorRuntime rt, Func<Task>? snapshot)
        {
            _rt = rt;
            _snapshot = snapshot;
        }

        public void Map(IEndpointRouteBuilder app)
        {
            app.MapGet("/_emulator/health", ctx => HttpIo.WriteJsonAsync(ctx, 200, w => { w.WriteStartObject(); w.WriteString("status", "ok"); w.WriteEndObject(); }));
            app.MapGet("/_emulator/faults", ListFaults);
            app.MapPost("/_emulator/faults", AddFault);
            app.MapDelete("/_emulator/faults", ctx => { _rt.Faults.Clear(); return HttpIo.WriteEmptyAsync(ctx, 200); });
            app.MapDelete("/_emulator/faults/{id:int}", ctx =>
            {
                int id = int.Parse((string)ctx.Request.RouteValues["id"]!, CultureInfo.InvariantCulture);
                if (!_rt.Faults.Remove(id)) throw new ApiException(404, $"No fault with id {id}.");
                return HttpIo.WriteEmptyAsync(ctx, 200);
            });
            app.MapGet("/_emulator/requests", ListRequests);
            app.MapDelete("/_emulator/requests", ctx => { _rt.Requests.Clear(); return HttpIo.WriteEmptyAsync(ctx, 200); });
            app.MapGet("/_emulator/config", WriteConfig);
            app.MapPost("/_emulator/config", SetConfig);
            app.MapGet("/_emulator/clock", WriteClock);
            app.MapPost("/_emulator/clock", SetClock);
            app.MapPost("/_emulator/tokens", IssueToken);
            app.MapPost("/_emulator/seed", Seed);
            app.MapPost("/_emulator/reset", Reset);
            app.MapPost("/_emulator/snapshot", async ctx =>
            {
                if (_snapshot == null) throw new ApiException(409, "The emulator runs without --data-dir: there is nowhere to save a snapshot.");
                await _snapshot();
                await HttpIo.WriteEmptyAsync(ctx, 200);
            });
        }

        private Task ListFaults(HttpContext ctx) => HttpIo.WriteJsonAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (var f in _rt.Faults.List()) f.WriteTo(w);
            w.WriteEndArray();
            w.WriteEndObject();
        });

        private async Task AddFault(HttpContext ctx)
        {
            using var doc = await HttpIo.ReadJsonAsync(ctx);
            var rule = _rt.Faults.Add(doc.RootElement);
            await HttpIo.WriteJsonAsync(ctx, 200, rule.WriteTo);
        }

        private Task ListRequests(HttpContext ctx)
        {
            var q = ctx.Request.Query;
            var items = _rt.Requests.List(q["path"].Count > 0 ? q["path"].ToString() : null, q["method"].Count > 0 ? q["method"].ToString() : null);
            return HttpIo.WriteJsonAsync(ctx, 200, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("items");
                foreach (var r in items) r.WriteTo(w);
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        private Task WriteConfig(HttpContext ctx) => HttpIo.WriteJsonAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("pageBytes", _rt.Settings.PageBytes);
            if (_rt.Settings.CursorMaxAge is TimeSpan age) w.WriteNumber("cursorMaxAgeSeconds", age.TotalSeconds); else w.WriteNull("cursorMaxAgeSeconds");
            w.WriteNumber("tokenLifetimeSeconds", _rt.Identity.Options.TokenLifetime.TotalSeconds);
            w.WriteNumber("visibilityDelaySeconds", _rt.Store.Policy.VisibilityDelay.TotalSeconds);
            w.WriteBoolean("throttling", _rt.Throttle.Enabled);
            w.WriteBoolean("streamQuotas", _rt.Store.Policy.StreamQuotas);
            w.WriteNumber("tombstoneRetentionSeconds", _rt.Store.Policy.TombstoneRetention.TotalSeconds);
            w.WriteString("oldCursors", _rt.Store.Policy.OldCursorsExpire ? "expire" : "miss-deletes");
            w.WriteStartArray("projects");
            foreach (var p in _rt.Identity.Options.Projects) w.WriteStringValue(p);
            w.WriteEndArray();
            w.WriteEndObject();
        });

        private async Task SetConfig(HttpContext ctx)
        {
            using var doc = await HttpIo.ReadJsonAsync(ctx);
            var body = doc.RootElement;
            Json.RequireObject(body, "", "pageBytes", "cursorMaxAgeSeconds", "tokenLifetimeSeconds", "visibilityDelaySeconds", "throttling", "streamQuotas", "tombstoneRetentionSeconds", "oldCursors");
            int? pageBytes = Json.OptionalInt(body, "pageBytes", "", 1024, int.MaxValue);
            double? tokenLifetime = null;
            if (Json.TryGet(body, "tokenLifetimeSeconds", out var tl))
            {
                if (tl.ValueKind != JsonValueKind.Number || tl.GetDouble() <= 0) throw Json.Bad("'tokenLifetimeSeconds' must be a positive number.");
                tokenLifetime = tl.GetDouble();
            }
            double? delay = null;
            if (Json.TryGet(body, "visibilityDelaySeconds", out var vd))
            {
                if (vd.ValueKind != JsonValueKind.Number || vd.GetDouble() < 0 || vd.GetDouble() > 86400)
                    throw Json.Bad("'visibilityDelaySeconds' must be a number from 0 (visible at once) to 86400.");
                delay = vd.GetDouble();
            }
            bool? throttling = Json.OptionalBool(body, "throttling", "");
            bool? quotas = Json.OptionalBool(body, "streamQuotas", "");
            double? tombs = null;
            if (Json.TryGet(body, "tombstoneRetentionSeconds", out var tr))
            {
                if (tr.ValueKind != JsonValueKind.Number || tr.GetDouble() <= 0) throw Json.Bad("'tombstoneRetentionSeconds' must be a positive number.");
                tombs = tr.GetDouble();
            }
            var oldCursors = Json.OptionalString(body, "oldCursors", "");
            if (oldCursors is not (null or "expire" or "miss-deletes")) throw Json.Bad($"'oldCursors' must be 'expire' or 'miss-deletes'; it was '{oldCursors}'.");
            bool setAge = body.TryGetProperty("cursorMaxAgeSeconds", out var age);
            if (setAge && age.ValueKind != JsonValueKind.Null && (age.ValueKind != JsonValueKind.Number || age.GetDouble() <= 0))
                throw Json.Bad("'cursorMaxAgeSeconds' must be a positive number, or null for no expiry.");

            if (pageBytes is int pb) _rt.Settings.PageBytes = pb;
            if (tokenLifetime is double s) _rt.Identity.Options.TokenLifetime = TimeSpan.FromSeconds(s);
            if (delay is double d) _rt.Store.Policy.VisibilityDelay = TimeSpan.FromSeconds(d);
            if (throttling is bool t) _rt.Throttle.Enabled = t;
            if (quotas is bool q) _rt.Store.Policy.StreamQuotas = q;
            if (tombs is double ts) _rt.Store.Policy.TombstoneRetention = TimeSpan.FromSeconds(ts);
            if (oldCursors != null) _rt.Store.Policy.OldCursorsExpire = oldCursors == "expire";
            if (setAge) _rt.Settings.CursorMaxAge = age.ValueKind == JsonValueKind.Null ? null : TimeSpan.FromSeconds(age.GetDouble());
            await WriteConfig(ctx);
        }

        private Task WriteClock(HttpContext ctx) => HttpIo.WriteJsonAsync(ctx, 200, w =>
        {
            var now = _rt.Clock.GetUtcNow();
            w.WriteStartObject();
            w.WriteString("now", now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteNumber("nowMs", now.ToUnixTimeMilliseconds());
            w.WriteNumber("offsetSeconds", _rt.Clock.Offset.TotalSeconds);
            w.WriteEndObject();
        });

        /// <summary>Moves the clock: {"now": ISO-8601 or epoch ms} sets it, {"advanceSeconds": n} moves it on; never back.</summary>
        private async Task SetClock(HttpContext ctx)
        {
            using var doc = await HttpIo.ReadJsonAsync(ctx);
            var body = doc.RootElement;
            Json.RequireObject(body, "", "now", "advanceSeconds");
            bool set = Json.TryGet(body, "now", out var to), advance = Json.TryGet(body, "advanceSeconds", out var by);
            if (set == advance) throw Json.Bad("Give exactly one of 'now' (ISO-8601 or epoch milliseconds) and 'advanceSeconds'.");
            try
            {
                if (set) _rt.Clock.Set(DateTimeOffset.FromUnixTimeMilliseconds(Json.ReadTime(to, "now")));
                else if (by.ValueKind != JsonValueKind.Number || by.GetDouble() < 0) throw Json.Bad("'advanceSeconds' must be a number, zero or more.");
                else _rt.Clock.Advance(TimeSpan.FromSeconds(by.GetDouble()));
            }
            catch (InvalidOperationException e)
            {
                throw Json.Bad(e.Message);
            }
            await WriteClock(ctx);
        }

        private async Task IssueToken(HttpContext ctx)
        {
            using var doc = await HttpIo.ReadJsonAsync(ctx);
            var body = doc.RootElement;
            Json.RequireObject(body, "", "subject", "projects", "lifetimeSeconds", "audience");
            var subject = Json.OptionalString(body, "subject", "") ?? "emulator-user";
            IReadOnlyList<string> projects = _rt.Identity.Options.Projects.ToArray();
            if (Json.TryGet(body, "projects", out var p))
            {
                Json.CheckArray(p, "projects", 0, 100);
                projects = Json.Items(p, "projects").Select(x => x.Item.ValueKind == JsonValueKind.String ? x.Item.GetString()! : throw Json.Bad($"'{x.Path}' must be a string.")).ToArray();
            }
            TimeSpan? lifetime = null;
            if (Json.TryGet(body, "lifetimeSeconds", out var l))
            {
                if (l.ValueKind != JsonValueKind.Number || l.GetDouble() <= 0) throw Json.Bad("'lifetimeSeconds' must be a positive number.");
                lifetime = TimeSpan.FromSeconds(l.GetDouble());
            }
            var audience = Json.OptionalString(body, "audience", "");
            var token = audience == null ? _rt.Identity.IssueAccessToken(subject, projects, lifetime)
                : _rt.Identity.IssueAccessToken(subject, projects, lifetime, audience, Identity.EmulatorIdentity.DefaultIssuer, null);
            var expiresIn = (lifetime ?? _rt.Identity.Options.TokenLifetime).TotalSeconds;
            await HttpIo.WriteJsonAsync(ctx, 200, w =>
            {
                w.WriteStartObject();
                w.WriteString("accessToken", token);
                w.WriteString("tokenType", "Bearer");
                w.WriteNumber("expiresIn", expiresIn);
                w.WriteEndObject();
            });
        }

        private async Task Seed(HttpContext ctx)
        {
            using var doc = await HttpIo.ReadJsonAsync(ctx);
            var body = doc.RootElement;
            Json.RequireObject(body, "", "project", "stream", "records", "properties", "space", "container", "template", "firstIndex");
            var project = Json.OptionalString(body, "project", "") ?? _rt.Options.EffectiveProjects[0];
            var stream = Json.RequiredString(body, "stream", "");
            int records = Json.OptionalInt(body, "records", "", 0, 100_000_000) ?? 0;
            int properties = Json.OptionalInt(body, "properties", "", 1, 100) ?? 10;
            int firstIndex = Json.OptionalInt(body, "firstIndex", "", 0, int.MaxValue) ?? 0;
            if ((long)records * properties > _rt.Options.MaxSeedValues)
            {
                throw Json.Bad(string.Format(CultureInfo.InvariantCulture,
                    "Seeding {0:N0} records of {1} properties ({2:N0} values) exceeds this emulator's bound of {3:N0} values per seed call (--max-seed-values): seed fewer records or properties, or in several calls.",
                    records, properties, (long)records * properties, _rt.Options.MaxSeedValues));
            }
            var started = DateTime.UtcNow;
            var state = SyntheticSeeder.Seed(_rt.Store.Project(project), stream, records, properties,
                Json.OptionalString(body, "space", "") ?? "emulator",
                Json.OptionalString(body, "container", "") ?? "synthetic",
                Json.OptionalString(body, "template", "") ?? "BasicLiveData", firstIndex);
            _rt.MarkDirty();
            var elapsed = DateTime.UtcNow - started;
            await HttpIo.WriteJsonAsync(ctx, 200, w =>
            {
                w.WriteStartObject();
                w.WriteString("project", project);
                w.WriteString("stream", state.ExternalId);
                w.WriteNumber("records", records);
                w.WriteNumber("totalRecords", state.LiveCount);
                w.WriteNumber("seconds", Math.Round(elapsed.TotalSeconds, 3));
                w.WriteEndObject();
            });
        }

        private async Task Reset(HttpContext ctx)
        {
            _rt.Store.Reset();
            _rt.Faults.Clear();
            _rt.Requests.Clear();
            _rt.MarkDirty();
            await HttpIo.WriteEmptyAsync(ctx, 200);
        }
    }
}
