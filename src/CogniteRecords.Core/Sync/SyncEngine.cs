using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Models;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Core.Sync
{
    /// <summary>
    /// The sync engine: resolves the columns, then reads the stream page by page, yielding each page as soon as it
    /// has been read so that the caller can write it out (and only then commit its cursor).
    /// </summary>
    public static class SyncEngine
    {
        /// <summary>
        /// The flat columns for the request's sources, read from the containers (one containers/byids call), so that
        /// they are known before the first record. No call when there are no sources.
        /// </summary>
        public static async Task<RecordColumns> ResolveColumnsAsync(CdfApiClient client, IReadOnlyList<SourceSelection> sources,
            IRequestObserver? observer, CancellationToken cancellationToken)
        {
            if (sources.Count == 0) return RecordColumns.Empty;
            // A plain loop, not LINQ's Distinct over tuples: generic code over a value type is compiled anew at run time,
            // and this runs before a fresh process's first record.
            var ids = new List<(string Space, string Container)>(sources.Count);
            foreach (var s in sources)
            {
                var seen = false;
                foreach (var id in ids) seen |= id.Space == s.Space && id.Container == s.Container;
                if (!seen) ids.Add((s.Space, s.Container));
            }
            IReadOnlyList<ContainerDefinition> containers;
            try
            {
                containers = await ContainersApi.RetrieveAsync(client, ids, observer, cancellationToken).ConfigureAwait(false);
            }
            catch (CdfApiException e) when (e.Kind == CdfErrorKind.NotFound || (e.Kind == CdfErrorKind.InvalidRequest && e.Missing.Count > 0))
            {
                throw new SourceNotFoundException("ContainerNotFound", "A source container was not found: " + e.Message);
            }
            return RecordColumns.Build(sources, containers);
        }

        /// <summary>
        /// Opens a reader of the request's pages: each <see cref="SyncReader.ReadNextAsync"/> reads one page, until the
        /// stream is caught up (hasNext false) or <see cref="SyncRequest.MaxRecords"/> are read.
        /// </summary>
        /// <param name="columns">Flat columns from <see cref="ResolveColumnsAsync"/>, or null for raw items.</param>
        public static SyncReader Open(CdfApiClient client, SyncRequest request, RecordColumns? columns, JsonValueFactory? factory, IRequestObserver? observer)
        {
            request.Validate();
            return new SyncReader(client, request, columns, factory ?? JsonValueFactory.Default, observer);
        }
    }
}
