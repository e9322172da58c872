using System;
using System.Text.Json.Nodes;

namespace CogniteRecords.Emulator
{
    /// <summary>An error the emulator answers in CDF's shape: {"error": {"code", "message", ...}}.</summary>
    public sealed class ApiException : Exception
    {
        public ApiException(int status, string message) : base(message) => Status = status;

        public ApiException(int status, string message, JsonArray? missing = null, JsonArray? duplicated = null) : base(message)
        {
            Status = status;
            Missing = missing;
            Duplicated = duplicated;
        }

        /// <summary>The HTTP status, also the body's error.code.</summary>
        public int Status { get; }

        /// <summary>Optional error.missing: the ids that were not found.</summary>
        public JsonArray? Missing { get; }

        /// <summary>Optional error.duplicated: the ids that clash.</summary>
        public JsonArray? Duplicated { get; }

        /// <summary>Optional error.partial for partly failed writes.</summary>
        public JsonArray? Partial { get; init; }

        /// <summary>Extra headers (e.g. Retry-After) to send with the error.</summary>
        public string? RetryAfter { get; init; }

        public static ApiException BadRequest(string message) => new(400, message);
    }
}
