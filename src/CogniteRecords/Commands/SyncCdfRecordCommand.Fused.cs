using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    // Sync-CdfRecord | Export-CdfRecord, adjacent: the records go to Export-CdfRecord page by page (IRecordPageSink) instead
    // of one by one through the pipeline (WriteObject, parameter binding, ProcessRecord for each). Same records, same order,
    // same thread (the pipeline's), and the page is committed right after its last record, as before.
    public sealed partial class SyncCdfRecordCommand : IRecordPageSource
    {
        private IRecordPageSink? _fusedSink;

        /// <summary>
        /// In Export-CdfRecord's BeginProcessing: takes it as the sink of every page, only when the records it would get
        /// through the pipeline are this command's flat records, unchanged, and nothing else sees them: not with -Raw or
        /// -AsHashtable (other objects), -IncludeTotalCount (another object), or stream parameters (-OutVariable,
        /// -ErrorAction...) that would see the records or treat errors otherwise.
        /// </summary>
        bool IRecordPageSource.TryFuse(IRecordPageSink sink)
        {
            if (_fusedSink != null || _streamsFromPipeline || Raw || AsHashtable || PagingParameters.IncludeTotalCount
                || ActiveSyncSessions.BindsStreamParameters(MyInvocation))
            {
                return false;
            }
            _fusedSink = sink;
            return true;
        }

        /// <summary>
        /// On the pipeline thread: the page's records to the fused sink (instead of WriteObject each), then
        /// <paramref name="then"/> (the commit). A stopped pipeline writes nothing more and commits nothing; the sink's
        /// terminating error (its own ThrowTerminatingError) stops this command too, the page uncommitted.
        /// </summary>
        private Task WriteFusedAsync(IRecordPageSink sink, List<object> records, Action then) => PostAsync(() =>
        {
            if (Stopping) throw new PipelineStoppedException();
            sink.WritePage(records, WriteObject);
            if (Stopping) throw new PipelineStoppedException();
            then();
        });
    }
}
