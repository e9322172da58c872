using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Models;

namespace CogniteRecords.Core.Filters
{
    /// <summary>The project's containers, for completing container and property names in filters.</summary>
    public static class ContainerCatalog
    {
        /// <summary>
        /// GET /models/containers, page by page, until <paramref name="maxContainers"/> are read or the list ends.
        /// </summary>
        public static async Task<IReadOnlyList<ContainerDefinition>> ListAsync(CdfApiClient client, string? space, int maxContainers, CancellationToken cancellationToken)
        {
            var result = new List<ContainerDefinition>();
            string? cursor = null;
            do
            {
                var query = "models/containers?limit=1000";
                if (!string.IsNullOrEmpty(space)) query += "&space=" + Uri.EscapeDataString(space);
                if (cursor != null) query += "&cursor=" + Uri.EscapeDataString(cursor);
                var (page, next) = await client.SendAsync(HttpMethod.Get, client.ProjectUri(query), null, async (stream, ct) =>
                {
                    using (var doc = await JsonDocument.ParseAsync(stream, default, ct).ConfigureAwait(false))
                    {
                        var root = doc.RootElement;
                        string? nextCursor = root.TryGetProperty("nextCursor", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                        return (ContainersApi.Parse(root), nextCursor);
                    }
                }, null, cancellationToken).ConfigureAwait(false);
                result.AddRange(page);
                cursor = string.IsNullOrEmpty(next) ? null : next;
            }
            while (cursor != null && result.Count < maxContainers);
            return result;
        }
    }
}
