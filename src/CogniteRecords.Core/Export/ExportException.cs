using System;

namespace CogniteRecords.Core.Export
{
    /// <summary>A problem with the export's file or input, with the ErrorId the cmdlet reports.</summary>
    public sealed class ExportException : Exception
    {
        public ExportException(string errorId, string message, Exception? inner = null) : base(message, inner) => ErrorId = errorId;

        public string ErrorId { get; }
    }
}
