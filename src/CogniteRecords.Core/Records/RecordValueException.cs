using System;

namespace CogniteRecords.Core.Records
{
    /// <summary>A value that cannot become its property's type; the message says why (the caller adds row and column).</summary>
    public sealed class RecordValueException : Exception
    {
        public RecordValueException(string message) : base(message) { }
    }
}
