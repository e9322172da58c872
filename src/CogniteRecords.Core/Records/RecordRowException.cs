using System;

namespace CogniteRecords.Core.Records
{
    /// <summary>A row that cannot become a record; <see cref="Column"/> names the column when one is at fault.</summary>
    public sealed class RecordRowException : Exception
    {
        public RecordRowException(string errorId, string message, string? column) : base(message) { ErrorId = errorId; Column = column; }

        /// <summary>"InvalidRecordValue", "MissingExternalId", "MissingSpace", "MissingRequiredValue", "RecordTooLarge".</summary>
        public string ErrorId { get; }
        public string? Column { get; }
    }
}
