using System;
using System.Collections.Generic;
using System.Linq;
using CogniteRecords.Core.Models;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Streams;

namespace CogniteRecords
{
    /// <summary>What became of one record given to Add-CdfRecord, Set-CdfRecord or Remove-CdfRecord (-PassThru).</summary>
    public sealed class CdfRecordWriteResult
    {
        internal CdfRecordWriteResult(long row, string? space, string? externalId, string operation, string status, string? errorId, string? message,
            int? code, string? requestId, string? note)
        {
            Row = row; Space = space; ExternalId = externalId; Operation = operation; Status = status; ErrorId = errorId;
            Message = message; Code = code; RequestId = requestId; Note = note;
        }

        internal static CdfRecordWriteResult From(RecordOutcome o, string operation, string? errorId) =>
            new CdfRecordWriteResult(o.Record.Row, o.Record.Key.Space, o.Record.Key.ExternalId, operation,
                o.Succeeded ? "Succeeded" : o.NotVerified ? "NotVerified" : o.ErrorId == RecordWriter.NotSentErrorId ? "NotSent" : "Failed",
                o.Succeeded ? null : errorId, o.Message, o.Code, o.Error?.RequestId, o.Note);

        /// <summary>The 1-based number of the input object.</summary>
        public long Row { get; }
        public string? Space { get; }
        public string? ExternalId { get; }

        /// <summary>Ingest, Upsert or Delete.</summary>
        public string Operation { get; }

        /// <summary>
        /// Succeeded, Failed, Skipped (a tombstone from Sync-CdfRecord has nothing to write), NotVerified (probably written:
        /// a retried request met "already exists" and the record could not be read back in time to confirm it; not sent again),
        /// or NotSent (under -ErrorAction Stop, a row after the failure that stopped the command).
        /// </summary>
        public string Status { get; }

        /// <summary>For failures: the ErrorId of the error written for this record.</summary>
        public string? ErrorId { get; }

        /// <summary>For failures: why; for skipped records: what was skipped.</summary>
        public string? Message { get; }

        /// <summary>The API's code for this record, when it gave one.</summary>
        public int? Code { get; }

        /// <summary>The x-request-id of the failed response: quote it to support.</summary>
        public string? RequestId { get; }

        /// <summary>For successes that needed a second look (e.g. a 409 recognised as an earlier landed attempt).</summary>
        public string? Note { get; }
    }
}
