using System;

namespace CogniteRecords.Core.Sync
{
    /// <summary>A checkpoint file that cannot be read, used or written; <see cref="ErrorId"/> names the case.</summary>
    public sealed class CheckpointException : Exception
    {
        public CheckpointException(string errorId, string message, Exception? inner = null) : base(message, inner) => ErrorId = errorId;

        /// <summary>CheckpointUnreadable, CheckpointInvalid, CheckpointKeyMismatch, CheckpointWriteFailed, CheckpointPathInvalid.</summary>
        public string ErrorId { get; }
    }
}
