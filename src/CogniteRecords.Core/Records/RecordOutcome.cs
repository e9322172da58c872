using CogniteRecords.Core.Http;

namespace CogniteRecords.Core.Records
{
    /// <summary>What became of one record.</summary>
    public sealed class RecordOutcome
    {
        internal RecordOutcome(PendingRecord record, bool succeeded, string? errorId, string? message, CdfApiException? error, int? code, string? note)
        {
            Record = record; Succeeded = succeeded; ErrorId = errorId; Message = message; Error = error; Code = code; Note = note;
        }

        public PendingRecord Record { get; }
        public bool Succeeded { get; }

        /// <summary>For failures: e.g. "RecordExists", "RecordRejected", "RecordTooLarge"; null to derive it from <see cref="Error"/>.</summary>
        public string? ErrorId { get; }

        /// <summary>For failures: what went wrong, naming the record.</summary>
        public string? Message { get; }

        /// <summary>The API error behind a failure, when there was one.</summary>
        public CdfApiException? Error { get; }

        /// <summary>The per-record code the API gave (from "partial"), or the response status.</summary>
        public int? Code { get; }

        /// <summary>The ErrorId of a record that was probably written but could not be confirmed.</summary>
        public const string NotVerifiedId = "RecordNotVerified";

        /// <summary>
        /// Probably written, not confirmed: a retried request was answered 409 (the id exists) and the record could not be
        /// read back in time to compare. Neither a success nor a failure (<see cref="Succeeded"/> is false); it was not sent again.
        /// </summary>
        public bool NotVerified { get; internal set; }

        /// <summary>For successes that needed a second look, e.g. a 409 recognised as our own earlier landed attempt.</summary>
        public string? Note { get; }
    }
}
