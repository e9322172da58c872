using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CogniteRecords.Core.Export;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    // Sync-CdfRecord | Export-CdfRecord, adjacent: Sync-CdfRecord hands over each page's records (IRecordPageSink), on the
    // pipeline thread during its own ProcessRecord, instead of writing them one by one to this command's ProcessRecord. The
    // records are written by the same code (WriteFlat), so the file is the same byte for byte; the page is committed
    // (PrepareCommit, then the cursor) right after its last record, as before. Only the running command may write errors
    // and verbose lines, so a record that would make some (the first, which opens the file; one refused) still goes
    // through the pipeline to ProcessRecord; a write that fails stops the pipeline with this command's error, as before.
    public sealed partial class ExportCdfRecordCommand : IRecordPageSink
    {
        /// <summary>
        /// In BeginProcessing: fuses with a Sync-CdfRecord right before this command when nothing would differ: records go
        /// to the file (not -WhatIf) and nowhere else (not -PassThru), from the pipeline (not -InputObject), and errors go
        /// where they went (no -ErrorAction, -ErrorVariable, -OutVariable ... on either command).
        /// </summary>
        private void BeginFused()
        {
            if (_skip || PassThru || MyInvocation.BoundParameters.ContainsKey(nameof(InputObject)) || ActiveSyncSessions.BindsStreamParameters(MyInvocation)) return;
            var source = ActiveSyncSessions.FindAdjacentSource(Runspace.DefaultRunspace, MyInvocation);
            if (source == null || !source.TryFuse(this)) return;
            WriteVerbose($"The records of Sync-CdfRecord go straight to Export-CdfRecord '{_path}', page by page, not one by one through the pipeline (the same file).");
        }

        void IRecordPageSink.WritePage(List<object> records, Action<object> throughPipeline)
        {
            foreach (var item in records)
            {
                var record = (SyncRecord)item;
                var builder = record.Builder;
                if (_writer == null || builder == null || !ReferenceEquals(builder, _builder) && !SameColumns(builder))
                {
                    // Opens the file (with its verbose line or error), or is refused (an error): ProcessRecord does it.
                    throughPipeline(record);
                    continue;
                }
                try
                {
                    WriteFlatRow(record);
                }
                catch (ExportException e) when (e.ErrorId == "ExportValueInvalid")
                {
                    // A value that does not fit a typed (Parquet) column, nothing of the row written: ProcessRecord refuses it.
                    throughPipeline(record);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    ThrowTerminatingError(new ErrorRecord(e, "ExportWriteFailed", ErrorCategory.WriteError, _path));
                }
            }
        }
    }
}
