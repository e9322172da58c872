using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Json;

namespace CogniteRecords.Core.Models
{
    /// <summary>The spaces calls: list (paged), retrieve by id, create or update, delete.</summary>
    public static class SpacesApi
    {
        /// <summary>The most ids one byids, create or delete call takes.</summary>
        public const int MaxItemsPerCall = 100;

        /// <summary>Space ids Data Modeling keeps for itself: creating one is refused.</summary>
        public static readonly IReadOnlyList<string> ReservedSpaces = new[] { "space", "cdf", "dms", "pg3", "shared", "system", "node", "edge" };

        /// <summary>Null when <paramref name="space"/> may be created, else why not (the id rule, or a reserved name).</summary>
        public static string? CheckNewSpace(string? space)
        {
            var why = Records.Identifiers.CheckSpace(space);
            if (why != null) return why;
            foreach (var reserved in ReservedSpaces)
                if (space == reserved) return $"The space '{space}' is reserved by Data Modeling ({string.Join(", ", ReservedSpaces)}).";
            return null;
        }

        /// <summary>GET /models/spaces (one page): the spaces and the cursor of the next page (null at the end).</summary>
        public static Task<(IReadOnlyList<SpaceDefinition> Items, string? NextCursor)> ListAsync(CdfApiClient client, string? cursor, int limit,
            IRequestObserver? observer, CancellationToken cancellationToken)
        {
            var query = "models/spaces?limit=" + limit.ToString(CultureInfo.InvariantCulture);
            if (cursor != null) query += "&cursor=" + Uri.EscapeDataString(cursor);
            return client.SendAsync(HttpMethod.Get, client.ProjectUri(query), null, async (stream, ct) =>
            {
                using var doc = await JsonDocument.ParseAsync(stream, default, ct).ConfigureAwait(false);
                var next = doc.RootElement.TryGetProperty("nextCursor", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                return (Parse(doc.RootElement), next);
            }, observer, cancellationToken);
        }

        /// <summary>Every space, page by page, each page handed to <paramref name="onPage"/>, until <paramref name="maxSpaces"/> are read or the list ends.</summary>
        public static async Task ListAllAsync(CdfApiClient client, int maxSpaces, Action<IReadOnlyList<SpaceDefinition>> onPage,
            IRequestObserver? observer, CancellationToken cancellationToken)
        {
            var read = 0;
            string? cursor = null;
            do
            {
                var (page, next) = await ListAsync(client, cursor, 1000, observer, cancellationToken).ConfigureAwait(false);
                onPage(page);
                read += page.Count;
                cursor = string.IsNullOrEmpty(next) ? null : next;
            }
            while (cursor != null && read < maxSpaces);
        }

        /// <summary>POST /models/spaces/byids (up to 100 ids): the spaces that exist; unknown ids are left out.</summary>
        public static Task<IReadOnlyList<SpaceDefinition>> RetrieveAsync(CdfApiClient client, IReadOnlyList<string> spaces,
            IRequestObserver? observer, CancellationToken cancellationToken) =>
            client.SendAsync(HttpMethod.Post, client.ProjectUri("models/spaces/byids"), w => ApiJson.WriteSpaceIds(w, spaces),
                ReadSpacesAsync, observer, cancellationToken);

        /// <summary>POST /models/spaces (up to 100): creates the spaces, or updates the name and description of those that exist.</summary>
        public static Task<IReadOnlyList<SpaceDefinition>> UpsertAsync(CdfApiClient client, IReadOnlyList<SpaceDefinition> spaces,
            IRequestObserver? observer, CancellationToken cancellationToken) =>
            client.SendAsync(HttpMethod.Post, client.ProjectUri("models/spaces"), w => ApiJson.WriteSpaces(w, spaces),
                ReadSpacesAsync, observer, cancellationToken);

        /// <summary>
        /// POST /models/spaces/delete (up to 100 ids): the ids deleted; unknown ids are ignored. Only an empty space can be
        /// deleted: one that still holds containers or records is refused (409) and then nothing is deleted.
        /// </summary>
        public static Task<IReadOnlyList<string>> DeleteAsync(CdfApiClient client, IReadOnlyList<string> spaces,
            IRequestObserver? observer, CancellationToken cancellationToken) =>
            client.SendAsync(HttpMethod.Post, client.ProjectUri("models/spaces/delete"), w => ApiJson.WriteSpaceIds(w, spaces),
                async (stream, ct) =>
                {
                    var deleted = new List<string>();
                    foreach (var s in await ReadSpacesAsync(stream, ct).ConfigureAwait(false)) deleted.Add(s.Space);
                    return (IReadOnlyList<string>)deleted;
                }, observer, cancellationToken);

        /// <summary>The spaces of an answer {"items": [...]}.</summary>
        private static async Task<IReadOnlyList<SpaceDefinition>> ReadSpacesAsync(System.IO.Stream stream, CancellationToken ct)
        {
            using var doc = await JsonDocument.ParseAsync(stream, default, ct).ConfigureAwait(false);
            return Parse(doc.RootElement);
        }

        internal static IReadOnlyList<SpaceDefinition> Parse(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
                throw new JsonException("The spaces answer has no 'items' array.");
            var result = new List<SpaceDefinition>();
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("space", out var sp) || sp.ValueKind != JsonValueKind.String)
                    throw new JsonException("A space in the answer has no 'space'.");
                result.Add(new SpaceDefinition(sp.GetString()!)
                {
                    Name = Str(item, "name"),
                    Description = Str(item, "description"),
                    CreatedTime = item.TryGetProperty("createdTime", out var ct) && ct.ValueKind == JsonValueKind.Number ? ct.GetInt64() : 0,
                    LastUpdatedTime = item.TryGetProperty("lastUpdatedTime", out var lt) && lt.ValueKind == JsonValueKind.Number ? lt.GetInt64() : 0,
                    IsGlobal = item.TryGetProperty("isGlobal", out var g) && g.ValueKind == JsonValueKind.True,
                });
            }
            return result;
        }

        private static string? Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
