using System.Management.Automation;
using CogniteRecords.Core.Records;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates or replaces records (upsert) in a mutable stream from pipeline objects.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CdfRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CdfRecordWriteResult))]
    public sealed class SetCdfRecordCommand : RecordPutCmdlet
    {
        internal override RecordOperation Operation => RecordOperation.Upsert;
        internal override string ActionName => "Create or replace record";
    }
}
