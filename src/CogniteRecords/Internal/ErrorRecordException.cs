using System;
using System.Management.Automation;

namespace CogniteRecords.Internal
{
    /// <summary>Carries a ready ErrorRecord out of the async work to the pipeline thread.</summary>
    internal sealed class ErrorRecordException : Exception
    {
        public ErrorRecordException(ErrorRecord record) : base(record.ToString()) => ErrorRecord = record;
        public ErrorRecord ErrorRecord { get; }
    }
}
