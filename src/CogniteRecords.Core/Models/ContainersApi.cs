using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Json;

namespace CogniteRecords.Core.Models
{
    /// <summary>The containers calls the sync depends on.</summary>
    public static class ContainersApi
    {
        /// <summary>POST /models/containers/byids: the containers that exist; unknown ids are left out.</summary>
        public static Task<IReadOnlyList<ContainerDefinition>> RetrieveAsync(CdfApiClient client, IReadOnlyList<(string Space, string ExternalId)> ids,
            IRequestObserver? observer, CancellationToken cancellationToken)
        {
            return client.SendAsync(HttpMethod.Post, client.ProjectUri("models/containers/byids"),
                w => ApiJson.WriteContainerIds(w, ids),
                async (stream, ct) =>
                {
                    using var doc = await JsonDocument.ParseAsync(stream, default, ct).ConfigureAwait(false);
                    return Parse(doc.RootElement);
                }, observer, cancellationToken);
        }

        /// <summary>POST /models/containers (up to 100): creates the containers, or replaces the definitions of those that exist.</summary>
        public static Task<IReadOnlyList<ContainerDefinition>> UpsertAsync(CdfApiClient client, IReadOnlyList<ContainerDefinition> containers,
            IRequestObserver? observer, CancellationToken cancellationToken) =>
            client.SendAsync(HttpMethod.Post, client.ProjectUri("models/containers"), w => ApiJson.WriteContainers(w, containers),
                async (stream, ct) =>
                {
                    using var doc = await JsonDocument.ParseAsync(stream, default, ct).ConfigureAwait(false);
                    return Parse(doc.RootElement);
                }, observer, cancellationToken);

        /// <summary>
        /// POST /models/containers/delete (up to 100 ids): the ids deleted; unknown ids are ignored. A container that records
        /// still hold data in is refused (409; the emulator's choice, see docs/design/records-api.md) and then nothing is deleted.
        /// </summary>
        public static Task<IReadOnlyList<(string Space, string ExternalId)>> DeleteAsync(CdfApiClient client, IReadOnlyList<(string Space, string ExternalId)> ids,
            IRequestObserver? observer, CancellationToken cancellationToken) =>
            client.SendAsync(HttpMethod.Post, client.ProjectUri("models/containers/delete"), w => ApiJson.WriteContainerIds(w, ids),
                async (stream, ct) =>
                {
                    using var doc = await JsonDocument.ParseAsync(stream, default, ct).ConfigureAwait(false);
                    var deleted = new List<(string, string)>();
                    if (doc.RootElement.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
                        foreach (var item in items.EnumerateArray())
                            if (StringOf(item, "space") is string space && StringOf(item, "externalId") is string id) deleted.Add((space, id));
                    return (IReadOnlyList<(string, string)>)deleted;
                }, observer, cancellationToken);

        private static string? StringOf(JsonElement item, string name) =>
            item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        /// <summary>
        /// GET /models/containers (one page, optionally of one space): the containers and the cursor of the next page
        /// (null at the end).
        /// </summary>
        public static Task<(IReadOnlyList<ContainerDefinition> Items, string? NextCursor)> ListAsync(CdfApiClient client, string? space, string? cursor,
            int limit, IRequestObserver? observer, CancellationToken cancellationToken)
        {
            var query = "models/containers?limit=" + limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (space != null) query += "&space=" + Uri.EscapeDataString(space);
            if (cursor != null) query += "&cursor=" + Uri.EscapeDataString(cursor);
            return client.SendAsync(HttpMethod.Get, client.ProjectUri(query), null,
                async (stream, ct) =>
                {
                    using var doc = await JsonDocument.ParseAsync(stream, default, ct).ConfigureAwait(false);
                    var next = doc.RootElement.TryGetProperty("nextCursor", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                    return (Parse(doc.RootElement), next);
                }, observer, cancellationToken);
        }

        /// <summary>
        /// Every container (of one space, or all), page by page, each page handed to <paramref name="onPage"/> as it comes,
        /// until <paramref name="maxContainers"/> are read or the list ends.
        /// </summary>
        public static async Task ListAllAsync(CdfApiClient client, string? space, int maxContainers, Action<IReadOnlyList<ContainerDefinition>> onPage,
            IRequestObserver? observer, CancellationToken cancellationToken)
        {
            var read = 0;
            string? cursor = null;
            do
            {
                var (page, next) = await ListAsync(client, space, cursor, 1000, observer, cancellationToken).ConfigureAwait(false);
                onPage(page);
                read += page.Count;
                cursor = string.IsNullOrEmpty(next) ? null : next;
            }
            while (cursor != null && read < maxContainers);
        }

        internal static IReadOnlyList<ContainerDefinition> Parse(JsonElement root)
        {
            var result = new List<ContainerDefinition>();
            if (!root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
                throw new JsonException("The containers response has no 'items' array.");
            foreach (var item in items.EnumerateArray())
            {
                var space = item.GetProperty("space").GetString()!;
                var id = item.GetProperty("externalId").GetString()!;
                var props = new List<KeyValuePair<string, PropertyType>>();
                if (item.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object)
                {
                    foreach (var prop in p.EnumerateObject())
                    {
                        var typeName = "json";
                        var list = false;
                        if (prop.Value.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.Object)
                        {
                            if (t.TryGetProperty("type", out var tn) && tn.ValueKind == JsonValueKind.String) typeName = tn.GetString()!;
                            if (t.TryGetProperty("list", out var l) && (l.ValueKind == JsonValueKind.True || l.ValueKind == JsonValueKind.False)) list = l.GetBoolean();
                        }
                        var nullable = !(prop.Value.TryGetProperty("nullable", out var n) && n.ValueKind == JsonValueKind.False);
                        var type = new PropertyType(typeName, list)
                        {
                            Nullable = nullable,
                            Name = StringOf(prop.Value, "name"),
                            Description = StringOf(prop.Value, "description"),
                        };
                        if (typeName == "enum" && t.ValueKind == JsonValueKind.Object)
                        {
                            var values = new List<string>();
                            if (t.TryGetProperty("values", out var vs) && vs.ValueKind == JsonValueKind.Object)
                                foreach (var v in vs.EnumerateObject()) values.Add(v.Name);
                            type.EnumValues = values;
                            type.UnknownValue = StringOf(t, "unknownValue");
                        }
                        props.Add(new KeyValuePair<string, PropertyType>(prop.Name, type));
                    }
                }
                result.Add(new ContainerDefinition(space, id, props)
                {
                    Name = StringOf(item, "name"),
                    Description = StringOf(item, "description"),
                    UsedFor = StringOf(item, "usedFor"),
                    CreatedTime = item.TryGetProperty("createdTime", out var ct) && ct.ValueKind == JsonValueKind.Number ? ct.GetInt64() : 0,
                    LastUpdatedTime = item.TryGetProperty("lastUpdatedTime", out var lt) && lt.ValueKind == JsonValueKind.Number ? lt.GetInt64() : 0,
                });
            }
            return result;
        }
    }
}
