using System;

namespace CogniteRecords.Core.Records
{
    /// <summary>A mapping that cannot work for any row (an unknown or ambiguous column, a bad -Property target): stop.</summary>
    public sealed class RecordMappingException : Exception
    {
        public RecordMappingException(string errorId, string message) : base(message) => ErrorId = errorId;

        /// <summary>"UnknownColumn", "AmbiguousColumn", "InvalidPropertyMapping".</summary>
        public string ErrorId { get; }
    }
}
