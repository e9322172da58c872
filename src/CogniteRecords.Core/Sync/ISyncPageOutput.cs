using System;
using System.Threading.Tasks;

namespace CogniteRecords.Core.Sync
{
    /// <summary>Where a <see cref="SyncSession"/> sends its pages (Sync-CdfRecord: the pipeline).</summary>
    /// <typeparam name="T">What a page becomes before it is written (Sync-CdfRecord: its output objects).</typeparam>
    public interface ISyncPageOutput<T>
    {
        /// <summary>Off the writing thread, in page order, while earlier pages are still being written: what the page becomes.</summary>
        T Prepare(SyncPage page);

        /// <summary>
        /// Writes the prepared page downstream, then calls <paramref name="commit"/> on the same thread right after its
        /// last record. The task completes when both have run, faulted when either failed.
        /// </summary>
        Task WriteAsync(SyncPage page, T prepared, Action commit);
    }
}
