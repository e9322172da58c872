using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Json;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Core.Streams
{
    /// <summary>The streams calls: list, retrieve (with statistics), create from a template, soft delete.</summary>
    public static class StreamsApi
    {
        /// <summary>The templates the reference names (their limits are read from the stream, never assumed).</summary>
        public static readonly IReadOnlyList<string> Templates = new[] { "ImmutableTestStream", "BasicArchive", "BasicLiveData" };

        /// <summary>GET /streams: every stream (no paging).</summary>
        public static Task<IReadOnlyList<StreamInfo>> ListAsync(CdfApiClient client, IRequestObserver? observer, CancellationToken cancellationToken) =>
            client.SendAsync(HttpMethod.Get, client.ProjectUri("streams"), null, async (stream, ct) =>
            {
                using var doc = await JsonDocument.ParseAsync(stream, default, ct).ConfigureAwait(false);
                var items = ParseItems(doc.RootElement);
                foreach (var item in items) client.NoteStream(item);
                return items;
            }, observer, cancellationToken);

        /// <summary>GET /streams/{id}[?includeStatistics=true]; a missing stream is a <see cref="CdfErrorKind.NotFound"/> error.</summary>
        public static Task<StreamInfo> RetrieveAsync(CdfApiClient client, string streamId, bool includeStatistics, IRequestObserver? observer, CancellationToken cancellationToken)
        {
            CheckId(streamId);
            var url = client.ProjectUri("streams/" + Uri.EscapeDataString(streamId) + (includeStatistics ? "?includeStatistics=true" : ""));
            return client.SendAsync(HttpMethod.Get, url, null, async (stream, ct) =>
            {
                using var doc = await JsonDocument.ParseAsync(stream, default, ct).ConfigureAwait(false);
                var info = Parse(doc.RootElement);
                client.NoteStream(info);
                return info;
            }, observer, cancellationToken);
        }

        /// <summary>POST /streams with one item; a 409 when the id exists (or is soft-deleted).</summary>
        public static Task<StreamInfo> CreateAsync(CdfApiClient client, string streamId, string template, IRequestObserver? observer, CancellationToken cancellationToken)
        {
            CheckId(streamId);
            if (string.IsNullOrEmpty(template)) throw new CdfArgumentException("InvalidTemplate", "Template", "The template name is empty.");
            return client.SendAsync(HttpMethod.Post, client.ProjectUri("streams"), w => ApiJson.WriteStreamCreate(w, streamId, template), async (stream, ct) =>
            {
                using var doc = await JsonDocument.ParseAsync(stream, default, ct).ConfigureAwait(false);
                var items = ParseItems(doc.RootElement);
                if (items.Count != 1) throw new JsonException("The create-stream answer does not hold exactly one stream.");
                client.NoteStream(items[0]);
                return items[0];
            }, observer, cancellationToken);
        }

        /// <summary>POST /streams/delete with one item: a soft delete (idempotent).</summary>
        public static Task DeleteAsync(CdfApiClient client, string streamId, IRequestObserver? observer, CancellationToken cancellationToken)
        {
            CheckId(streamId);
            return client.SendAsync(HttpMethod.Post, client.ProjectUri("streams/delete"), w => ApiJson.WriteStreamId(w, streamId),
                CdfApiClient.DrainAsync, observer, cancellationToken);
        }

        private static void CheckId(string streamId)
        {
            var why = Identifiers.CheckStreamId(streamId);
            if (why != null) throw new CdfArgumentException("InvalidStreamId", "Stream", why);
        }

        internal static IReadOnlyList<StreamInfo> ParseItems(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
                throw new JsonException("The streams answer has no 'items' array.");
            var list = new List<StreamInfo>();
            foreach (var item in items.EnumerateArray()) list.Add(Parse(item));
            return list;
        }

        internal static StreamInfo Parse(JsonElement e)
        {
            if (e.ValueKind != JsonValueKind.Object) throw new JsonException("A stream is not a JSON object.");
            var s = new StreamInfo
            {
                ExternalId = Str(e, "externalId") ?? throw new JsonException("A stream has no 'externalId'."),
                CreatedTime = e.TryGetProperty("createdTime", out var ct) && ct.ValueKind == JsonValueKind.Number ? ct.GetInt64() : 0,
                CreatedFromTemplate = Str(e, "createdFromTemplate"),
                Type = Str(e, "type"),
            };
            if (e.TryGetProperty("settings", out var settings) && settings.ValueKind == JsonValueKind.Object)
            {
                if (settings.TryGetProperty("lifecycle", out var life) && life.ValueKind == JsonValueKind.Object)
                {
                    s.RetainedAfterSoftDelete = Str(life, "retainedAfterSoftDelete");
                    s.DataDeletedAfter = Str(life, "dataDeletedAfter");
                }
                if (settings.TryGetProperty("limits", out var limits) && limits.ValueKind == JsonValueKind.Object)
                {
                    s.MaxRecordsTotal = Limit(limits, "maxRecordsTotal");
                    s.MaxGigaBytesTotal = Limit(limits, "maxGigaBytesTotal");
                    s.MaxFilteringInterval = Str(limits, "maxFilteringInterval");
                }
            }
            return s;
        }

        private static string? Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static StreamLimit? Limit(JsonElement limits, string name)
        {
            if (!limits.TryGetProperty(name, out var l) || l.ValueKind != JsonValueKind.Object) return null;
            double provisioned = l.TryGetProperty("provisioned", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDouble() : 0;
            double? consumed = l.TryGetProperty("consumed", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : (double?)null;
            return new StreamLimit(provisioned, consumed);
        }

        /// <summary>
        /// An ISO-8601 duration ("P1Y", "P7D", "PT12H") as a span; null for null or text that is not a duration. A year
        /// counts as 365 days and a month as 30 (XmlConvert's reading): never longer than the service's own window.
        /// </summary>
        public static TimeSpan? ParseDuration(string? iso)
        {
            if (string.IsNullOrEmpty(iso)) return null;
            try
            {
                return XmlConvert.ToTimeSpan(iso!.Trim());
            }
            catch (FormatException)
            {
                return null;
            }
            catch (OverflowException)
            {
                return TimeSpan.MaxValue;
            }
        }

        /// <summary>Epoch milliseconds as an invariant string (for messages).</summary>
        internal static string Ms(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
