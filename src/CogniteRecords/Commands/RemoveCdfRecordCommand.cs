using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Records;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Deletes records from a mutable stream: ids from the pipeline (objects with Space and ExternalId, or strings with -Space).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "CdfRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "InputObject")]
    [OutputType(typeof(CdfRecordWriteResult))]
    public sealed class RemoveCdfRecordCommand : RecordWriteCmdlet
    {
        /// <summary>A record to delete: an object with Space and ExternalId (Sync-CdfRecord output, a hashtable), or an external id with -Space.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "InputObject")]
        [AllowNull]
        public PSObject? InputObject { get; set; }

        /// <summary>External ids to delete, with -Space.</summary>
        [Parameter(Mandatory = true, ParameterSetName = "ExternalId")]
        public string[] ExternalId { get; set; } = null!;

        /// <summary>The space of the records (wins over each object's Space).</summary>
        [Parameter(ParameterSetName = "InputObject")]
        [Parameter(Mandatory = true, ParameterSetName = "ExternalId")]
        [ArgumentCompleter(typeof(CogniteRecords.Filters.SpaceCompleter))]
        public string? Space { get; set; }

        internal override RecordOperation Operation => RecordOperation.Delete;
        internal override string ActionName => "Delete record";

        internal override IEnumerable<RecordInput> ReadInput(Func<long> nextRow)
        {
            if (ParameterSetName == "ExternalId")
            {
                // The ids come as a parameter, once: ProcessRecord runs once without pipeline input.
                foreach (var id in ExternalId) yield return new RecordInput(nextRow(), null, Space, id);
                yield break;
            }
            var row = nextRow();
            var value = InputObject?.BaseObject;
            if (value == null)
            {
                yield return new RecordInput(row, null, null, null, isNull: true);
                yield break;
            }
            if (value is string text)
            {
                if (!_sharedChecked) CheckSpace(row, false);
                yield return new RecordInput(row, null, Space, text);
                yield break;
            }
            string? space = null, externalId = null;
            var hasSpace = false;
            foreach (var c in ColumnsOf(InputObject!))
            {
                if (string.Equals(c.Key, "Space", StringComparison.OrdinalIgnoreCase)) { space = c.Value as string; hasSpace = true; }
                else if (string.Equals(c.Key, "ExternalId", StringComparison.OrdinalIgnoreCase)) externalId = c.Value as string;
            }
            if (!_sharedChecked) CheckSpace(row, hasSpace);
            yield return new RecordInput(row, null, Space ?? space, externalId);
        }

        private bool _sharedChecked;

        /// <summary>On the first row: ids with no -Space and no Space property are one error before anything is sent, not one per row.</summary>
        private void CheckSpace(long row, bool hasSpaceProperty)
        {
            _sharedChecked = true;
            if (Space != null || hasSpaceProperty) return;
            ThrowTerminatingError(ErrorMapping.Make("MissingSpace", ErrorCategory.InvalidArgument,
                $"No record can be deleted: there is no -Space, and the input has no Space property (row {row}). Give -Space, or objects with Space and ExternalId. Nothing was sent."));
        }

        internal override string TargetOf(RecordInput row) => $"record '{row.Space}/{row.ExternalId}' in stream '{Stream}'";

        internal override Task PrepareAsync(RecordWriterOptions options, IRequestObserver observer, CancellationToken cancellationToken) => Task.CompletedTask;

        internal override PendingRecord? ToRecord(RecordInput row)
        {
            if (row.IsNull) throw new RecordRowException("NullRecord", $"Row {row.Row} is null: no record to delete.", null);
            if (string.IsNullOrEmpty(row.Space))
                throw new RecordRowException("MissingSpace", $"Row {row.Row}: there is no space: give -Space, or objects with a Space property.", "Space");
            return RecordMapping.DeleteItem(row.Row, row.Space!, row.ExternalId ?? "");
        }
    }
}
