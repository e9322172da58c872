using System;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Filtering;
using CogniteRecords.Emulator.Hosting;
using CogniteRecords.Emulator.Storage;
using Microsoft.AspNetCore.Http;

namespace CogniteRecords.Emulator.Api
{
    /// <summary>Records: ingest, upsert, delete, filter and sync.</summary>
    internal sealed class RecordsApi
    {
        private static readonly byte[] ItemsOpen = Encoding.UTF8.GetBytes("{\"items\":[");
        private static readonly byte[] CursorOpen = Encoding.UTF8.GetBytes("],\"nextCursor\":\"");
        private static readonly byte[] HasNextTrue = Encoding.UTF8.GetBytes("\",\"hasNext\":true");
        private static readonly byte[] HasNextFalse = Encoding.UTF8.GetBytes("\",\"hasNext\":false");
        private static readonly byte[] TypingKey = Encoding.UTF8.GetBytes(",\"typing\":");
        private const int FilterResponseCap = 20 * 1024 * 1024;

        private readonly EmulatorRuntime _rt;

        public RecordsApi(EmulatorRuntime rt) => _rt = rt;

        public async Task Ingest(HttpContext ctx)
        {
            var (project, stream) = Resolve(ctx);
            using var doc = await HttpIo.ReadJsonAsync(ctx, HttpIo.MaxWriteBody);
            var records = RecordWriteParser.Parse(doc.RootElement, project, rejectRepeatedIds: stream.Mutable);
            // A conflict still writes the other records (and throws the 409): mark the change either way.
            try { stream.Ingest(records); }
            finally { _rt.MarkDirty(); }
            await HttpIo.WriteEmptyAsync(ctx, 202);
        }

        public async Task Upsert(HttpContext ctx)
        {
            var (project, stream) = Resolve(ctx);
            using var doc = await HttpIo.ReadJsonAsync(ctx, HttpIo.MaxWriteBody);
            if (!stream.Mutable)
                throw new ApiException(422, $"Stream '{stream.ExternalId}' is immutable: upsert is only allowed on mutable streams.");
            var records = RecordWriteParser.Parse(doc.RootElement, project, rejectRepeatedIds: true);
            stream.Upsert(records);
            _rt.MarkDirty();
            await HttpIo.WriteEmptyAsync(ctx, 202);
        }

        public async Task Delete(HttpContext ctx)
        {
            var (_, stream) = Resolve(ctx);
            using var doc = await HttpIo.ReadJsonAsync(ctx, HttpIo.MaxWriteBody);
            var body = doc.RootElement;
            Json.RequireObject(body, "", "items");
            var items = Json.RequiredArray(body, "items", "", 1, 1000);
            var keys = new List<RecordKey>();
            foreach (var (item, path) in Json.Items(items, "items"))
            {
                Json.RequireObject(item, path, "space", "externalId");
                var space = Json.RequiredString(item, "space", path);
                Identifiers.Space(space, path + ".space");
                var id = Json.RequiredString(item, "externalId", path);
                Identifiers.RecordExternalId(id, path + ".externalId");
                keys.Add(new RecordKey(space, id));
            }
            if (!stream.Mutable)
                throw new ApiException(422, $"Stream '{stream.ExternalId}' is immutable: records can only be deleted from mutable streams.");
            stream.Delete(keys);
            _rt.MarkDirty();
            await HttpIo.WriteEmptyAsync(ctx, 200);
        }

        public async Task Sync(HttpContext ctx)
        {
            var (project, stream) = Resolve(ctx);
            using var doc = await HttpIo.ReadJsonAsync(ctx);
            var body = doc.RootElement;
            Json.RequireObject(body, "", "sources", "filter", "cursor", "initializeCursor", "limit", "targetUnits", "includeTyping");
            int limit = Json.OptionalInt(body, "limit", "", 1, 1000) ?? 10;
            var cursor = Json.OptionalString(body, "cursor", "");
            var init = Json.OptionalString(body, "initializeCursor", "");
            bool typing = Json.OptionalBool(body, "includeTyping", "") ?? false;
            var selection = SourceSelection.Parse(body, project);
            var filter = CompileFilter(body, project);
            long now = project.NowMs;

            long position;
            if (cursor != null)
            {
                if (cursor.Length < 1 || cursor.Length > 100_000) throw Json.Bad("'cursor' must be 1-100,000 characters long.");
                // A cursor older than the tombstone retention may have missed deletes: by setting, it has expired.
                var maxAge = _rt.Settings.CursorMaxAge;
                var policy = project.Policy;
                if (policy.OldCursorsExpire && (maxAge == null || policy.TombstoneRetention < maxAge)) maxAge = policy.TombstoneRetention;
                position = SyncCursor.Decode(_rt.Store.CursorKey, cursor, stream.Uid, maxAge, now);
            }
            else if (init != null)
            {
                position = stream.PositionAt(SyncCursor.ParseInitialize(init, now));
            }
            else
            {
                throw Json.Bad("Either 'cursor' or 'initializeCursor' is required.");
            }

            var scan = stream.ScanChanges(position, limit, filter);

            // Fit the page into the byte cap: at least one item, so a huge record cannot stall the sync.
            long budget = _rt.Settings.PageBytes - 256;
            var parts = new List<(RecordVersion V, byte[]? Props, long Size)>(scan.Items.Count);
            long total = 0;
            bool hasNext = scan.HasNext;
            long newPosition = scan.Position;
            foreach (var v in scan.Items)
            {
                byte[]? props = v.Properties;
                if (props != null && selection != null && !selection.SendsAll(v)) props = selection.Select(props);
                long size = v.Head.Length + v.StatusBytes.Length + (props == null ? 0 : RecordVersion.PropertiesKey.Length + props.Length) + 2;
                if (parts.Count > 0 && total + size > budget)
                {
                    hasNext = true;
                    newPosition = parts[^1].V.Seq;
                    break;
                }
                total += size;
                parts.Add((v, props, size));
            }
            byte[]? typingJson = null;
            while (typing)
            {
                // The typing block counts against the cap too: drop items from the end until it fits.
                typingJson = BuildTyping(project, selection, parts.Select(p => p.V));
                if (parts.Count <= 1 || total + typingJson.Length <= budget) break;
                total -= parts[^1].Size;
                parts.RemoveAt(parts.Count - 1);
                hasNext = true;
                newPosition = parts[^1].V.Seq;
            }

            var next = Encoding.UTF8.GetBytes(SyncCursor.Encode(_rt.Store.CursorKey, stream.Uid, newPosition, now));
            var res = ctx.Response;
            res.StatusCode = 200;
            res.ContentType = "application/json";
            var w = res.BodyWriter;
            HttpIo.Raw(w, ItemsOpen);
            int written = 0;
            for (int i = 0; i < parts.Count; i++)
            {
                if (i > 0) HttpIo.Raw(w, ","u8);
                WriteItem(w, parts[i].V, parts[i].Props, withStatus: true);
                written += parts[i].V.Head.Length + (parts[i].Props?.Length ?? 0);
                if (written > 256 * 1024) { await w.FlushAsync(ctx.RequestAborted); written = 0; }
            }
            HttpIo.Raw(w, CursorOpen);
            HttpIo.Raw(w, next);
            HttpIo.Raw(w, hasNext ? HasNextTrue : HasNextFalse);
            if (typingJson != null) { HttpIo.Raw(w, TypingKey); HttpIo.Raw(w, typingJson); }
            HttpIo.Raw(w, "}"u8);
            await w.FlushAsync(ctx.RequestAborted);
        }

        private static void WriteItem(PipeWriter w, RecordVersion v, byte[]? props, bool withStatus)
        {
            HttpIo.Raw(w, v.Head);
            if (withStatus) HttpIo.Raw(w, v.StatusBytes);
            if (props != null)
            {
                HttpIo.Raw(w, RecordVersion.PropertiesKey);
                HttpIo.Raw(w, props);
            }
            HttpIo.Raw(w, "}"u8);
        }

        /// <summary>
        /// includeTyping: the container property definitions of what the page can hold, nested
        /// space -> container -> property (the selected ones, or those of the containers the items have data in).
        /// </summary>
        private static byte[] BuildTyping(ProjectState project, SourceSelection? selection, IEnumerable<RecordVersion> items)
        {
            var wanted = new SortedDictionary<(string, string), HashSet<string>?>();
            if (selection != null)
                foreach (var kv in selection.Selected) wanted[kv.Key] = kv.Value;
            else
                foreach (var v in items)
                    foreach (var c in v.Containers) wanted[c] = null;
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(buffer, HttpIo.Writer))
            {
                w.WriteStartObject();
                foreach (var space in wanted.GroupBy(kv => kv.Key.Item1))
                {
                    w.WriteStartObject(space.Key);
                    foreach (var (key, props) in space)
                    {
                        if (!project.Containers.TryGetValue(key, out var def)) continue;
                        w.WriteStartObject(key.Item2);
                        foreach (var (name, p) in def.Properties)
                        {
                            if (props != null && !props.Contains(name)) continue;
                            w.WritePropertyName(name);
                            p.Definition.WriteTo(w);
                        }
                        w.WriteEndObject();
                    }
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            return buffer.WrittenSpan.ToArray();
        }

        internal static RecordFilterEvaluator? CompileFilter(JsonElement body, ProjectState project)
        {
            if (!Json.TryGet(body, "filter", out var f)) return null;
            return RecordFilterEvaluator.Compile(f, project);
        }

        public async Task Filter(HttpContext ctx)
        {
            var (project, stream) = Resolve(ctx);
            using var doc = await HttpIo.ReadJsonAsync(ctx);
            var body = doc.RootElement;
            Json.RequireObject(body, "", "filter", "sources", "limit", "sort", "lastUpdatedTime", "targetUnits", "includeTyping");
            int limit = Json.OptionalInt(body, "limit", "", 1, 1000) ?? 10;
            bool typing = Json.OptionalBool(body, "includeTyping", "") ?? false;
            var selection = SourceSelection.Parse(body, project);
            var filter = CompileFilter(body, project);
            var sort = ParseSort(body, project);
            var (lower, upper) = ParseLastUpdated(body, stream);

            var matches = Matching(stream, lower, upper, filter);
            IEnumerable<RecordVersion> ordered = matches;
            if (sort.Count > 0)
            {
                var arr = matches.ToArray();
                Array.Sort(arr, (a, b) => CompareBySort(a, b, sort));
                ordered = arr;
            }

            var res = ctx.Response;
            res.StatusCode = 200;
            res.ContentType = "application/json";
            var w = res.BodyWriter;
            HttpIo.Raw(w, ItemsOpen);
            long total = 0;
            int n = 0;
            var sent = typing ? new List<RecordVersion>() : null;
            foreach (var v in ordered)
            {
                if (n == limit) break;
                byte[]? props = v.Properties;
                if (props != null && selection != null && !selection.SendsAll(v)) props = selection.Select(props);
                long size = v.Head.Length + (props?.Length ?? 0) + 20;
                if (n > 0 && total + size > FilterResponseCap) break;
                if (n > 0) HttpIo.Raw(w, ","u8);
                WriteItem(w, v, props, withStatus: false);
                sent?.Add(v);
                total += size;
                n++;
            }
            HttpIo.Raw(w, "]"u8);
            if (sent != null) { HttpIo.Raw(w, TypingKey); HttpIo.Raw(w, BuildTyping(project, selection, sent)); }
            HttpIo.Raw(w, "}"u8);
            await w.FlushAsync(ctx.RequestAborted);
        }

        /// <summary>
        /// The live records a read sees: within the lastUpdatedTime bounds and matching the filter. Filter and
        /// aggregate both read through here, so they see the same records.
        /// </summary>
        internal static List<RecordVersion> Matching(StreamState stream, long? lower, long? upper, RecordFilterEvaluator? filter) =>
            stream.LiveRecords(v =>
                (lower is not long lo || v.LastUpdatedTime >= lo) &&
                (upper is not long hi || v.LastUpdatedTime <= hi) &&
                (filter == null || filter.Matches(v)));

        private sealed record SortSpec(string[] Property, bool Descending, bool NullsFirst, string? Type);

        private static List<SortSpec> ParseSort(JsonElement body, ProjectState project)
        {
            var list = new List<SortSpec>();
            if (!Json.TryGet(body, "sort", out var sort)) return list;
            Json.CheckArray(sort, "sort", 1, 5);
            foreach (var (item, path) in Json.Items(sort, "sort"))
            {
                Json.RequireObject(item, path, "property", "direction", "nullsFirst");
                if (!item.TryGetProperty("property", out var p)) throw Json.Bad($"Missing required field '{path}.property'.");
                var prop = PropertyRef(p, path + ".property");
                var dir = Json.OptionalString(item, "direction", path) ?? "ascending";
                if (dir is not ("ascending" or "descending"))
                    throw Json.Bad($"'{path}.direction' must be 'ascending' or 'descending'; it was '{dir}'.");
                string? type = null;
                if (prop.Length == 1)
                {
                    if (prop[0] is not ("space" or "externalId" or "createdTime" or "lastUpdatedTime"))
                        throw Json.Bad($"'{path}.property': cannot sort on the top-level field '{prop[0]}'; use space, externalId, createdTime or lastUpdatedTime.");
                }
                else
                {
                    if (!project.TryGetPropertyType(prop[0], prop[1], prop[2], out var t, out var isList))
                        throw Json.Bad($"'{path}.property': property '{string.Join("/", prop)}' does not exist.");
                    if (isList) throw Json.Bad($"'{path}.property': cannot sort on the list property '{string.Join("/", prop)}'.");
                    type = t;
                }
                list.Add(new SortSpec(prop, dir == "descending", Json.OptionalBool(item, "nullsFirst", path) ?? false, type));
            }
            return list;
        }

        internal static string[] PropertyRef(JsonElement p, string path)
        {
            if (p.ValueKind != JsonValueKind.Array || (p.GetArrayLength() != 1 && p.GetArrayLength() != 3))
                throw Json.Bad($"'{path}' must be an array of 1 string (a top-level field) or 3 strings [space, container, property].");
            var parts = p.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : throw Json.Bad($"'{path}' must hold strings only.")).ToArray();
            return parts;
        }

        private static int CompareBySort(RecordVersion a, RecordVersion b, List<SortSpec> sort)
        {
            foreach (var s in sort)
            {
                int c;
                if (s.Property.Length == 1)
                {
                    c = s.Property[0] switch
                    {
                        "space" => string.CompareOrdinal(a.Space, b.Space),
                        "externalId" => string.CompareOrdinal(a.ExternalId, b.ExternalId),
                        "createdTime" => a.CreatedTime.CompareTo(b.CreatedTime),
                        _ => a.LastUpdatedTime.CompareTo(b.LastUpdatedTime),
                    };
                    if (s.Descending) c = -c;
                }
                else
                {
                    bool ha = a.TryGetProperty(s.Property[0], s.Property[1], s.Property[2], out var va) && va.ValueKind != JsonValueKind.Null;
                    bool hb = b.TryGetProperty(s.Property[0], s.Property[1], s.Property[2], out var vb) && vb.ValueKind != JsonValueKind.Null;
                    if (!ha || !hb)
                    {
                        // Missing values go last unless nullsFirst, whatever the direction.
                        c = ha == hb ? 0 : (ha ? -1 : 1);
                        if (s.NullsFirst) c = -c;
                    }
                    else
                    {
                        c = RecordFilterEvaluator.CompareValues(va, vb, s.Type);
                        if (s.Descending) c = -c;
                    }
                }
                if (c != 0) return c;
            }
            return a.Seq.CompareTo(b.Seq);
        }

        internal static (long? Lower, long? Upper) ParseLastUpdated(JsonElement body, StreamState stream)
        {
            long? lower = null, upper = null;
            if (Json.TryGet(body, "lastUpdatedTime", out var r))
            {
                Json.RequireObject(r, "lastUpdatedTime", "gt", "gte", "lt", "lte");
                bool gt = Json.TryGet(r, "gt", out var vgt), gte = Json.TryGet(r, "gte", out var vgte);
                bool lt = Json.TryGet(r, "lt", out var vlt), lte = Json.TryGet(r, "lte", out var vlte);
                if (gt && gte) throw Json.Bad("'lastUpdatedTime' may have 'gt' or 'gte', not both.");
                if (lt && lte) throw Json.Bad("'lastUpdatedTime' may have 'lt' or 'lte', not both.");
                if (!(gt || gte || lt || lte)) throw Json.Bad("'lastUpdatedTime' needs at least one of gt, gte, lt, lte.");
                if (gt) lower = Json.ReadTime(vgt, "lastUpdatedTime.gt") + 1;
                if (gte) lower = Json.ReadTime(vgte, "lastUpdatedTime.gte");
                if (lt) upper = Json.ReadTime(vlt, "lastUpdatedTime.lt") - 1;
                if (lte) upper = Json.ReadTime(vlte, "lastUpdatedTime.lte");
            }
            if (!stream.Mutable)
            {
                if (lower == null)
                    throw Json.Bad($"'lastUpdatedTime' with a lower bound (gt or gte) is required when filtering the immutable stream '{stream.ExternalId}'.");
                if (stream.Template.FilteringWindow is TimeSpan window)
                {
                    long end = upper ?? stream.NowMs;
                    if (end - lower.Value > (long)window.TotalMilliseconds)
                        throw Json.Bad($"'lastUpdatedTime' spans more than the stream's maxFilteringInterval ({stream.Template.MaxFilteringInterval}).");
                }
            }
            return (lower, upper);
        }

        internal (ProjectState, StreamState) Resolve(HttpContext ctx)
        {
            var project = _rt.Store.Project((string)ctx.Request.RouteValues["project"]!);
            var stream = project.GetStream((string)ctx.Request.RouteValues["streamId"]!);
            return (project, stream);
        }
    }
}
