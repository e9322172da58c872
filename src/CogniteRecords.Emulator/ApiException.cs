using System;

namespace CogniteRecords.Emulator
{
    /// <summary>An error the emulator answers in CDF's shape: {"error": {"code", "message", ...}}.</summary>
    public sealed class ApiException : Exception
    {
        public ApiException(int status, string message) : base(message) => Status = status;

        /// <summary>The HTTP status, also the body's error.code.</summary>
        public int Status { get; }
    }
}
