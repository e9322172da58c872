using System;

namespace CogniteRecords.Core.Http
{
    /// <summary>
    /// A 2xx body that ended early (retried like a dropped connection) or that came whole but could not be read
    /// (<see cref="Retryable"/> only the first time: asking again rarely mends it).
    /// </summary>
    public sealed class ResponseTruncatedException : System.IO.IOException
    {
        public ResponseTruncatedException(string message, Exception? inner = null) : base(message, inner) { }

        /// <summary>Whether the call may be sent again.</summary>
        public bool Retryable { get; internal set; } = true;
    }
}
