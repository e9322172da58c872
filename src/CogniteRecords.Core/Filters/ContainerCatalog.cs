using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Models;

namespace CogniteRecords.Core.Filters
{
    /// <summary>The project's containers, for completing container and property names in filters.</summary>
    public static class ContainerCatalog
    {
        /// <summary>Every container (of one space, or all), page by page, until <paramref name="maxContainers"/> are read or the list ends.</summary>
        public static async Task<IReadOnlyList<ContainerDefinition>> ListAsync(CdfApiClient client, string? space, int maxContainers, CancellationToken cancellationToken)
        {
            var result = new List<ContainerDefinition>();
            string? cursor = null;
            do
            {
                var (page, next) = await ContainersApi.ListAsync(client, space, cursor, 1000, null, cancellationToken).ConfigureAwait(false);
                result.AddRange(page);
                cursor = string.IsNullOrEmpty(next) ? null : next;
            }
            while (cursor != null && result.Count < maxContainers);
            return result;
        }
    }
}
