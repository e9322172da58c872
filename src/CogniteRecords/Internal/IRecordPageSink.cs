using System;
using System.Collections.Generic;

namespace CogniteRecords.Internal
{
    /// <summary>
    /// Export-CdfRecord's side of a fused pipeline (<c>Sync-CdfRecord | Export-CdfRecord</c>, adjacent): Sync-CdfRecord
    /// hands it each page's records on the pipeline thread instead of writing them to the pipeline one by one.
    /// </summary>
    internal interface IRecordPageSink
    {
        /// <summary>
        /// On the pipeline thread, during Sync-CdfRecord's ProcessRecord: writes the page's records (flat records), in
        /// order. A record it would not simply write (the first, which opens the file; one it would refuse, with an error
        /// or a verbose line that only the running command may write) it gives to <paramref name="throughPipeline"/>
        /// (Sync-CdfRecord's WriteObject), so that its own ProcessRecord takes it as it would have without fusing.
        /// </summary>
        void WritePage(List<object> records, Action<object> throughPipeline);
    }
}
