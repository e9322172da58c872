using System.Management.Automation;
using CogniteRecords.Core.Records;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Ingests records into a stream from pipeline objects (Import-Csv rows, hashtables, Sync-CdfRecord output).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "CdfRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CdfRecordWriteResult))]
    public sealed class AddCdfRecordCommand : RecordPutCmdlet
    {
        internal override RecordOperation Operation => RecordOperation.Ingest;
        internal override string ActionName => "Add record";
    }
}
