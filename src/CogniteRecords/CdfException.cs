using System;
using System.Collections.Generic;

namespace CogniteRecords
{
    /// <summary>
    /// The exception in the ErrorRecords of this module's API errors: the HTTP status, the API's error code,
    /// message and x-request-id, and the items the API named as missing or duplicated. Never holds a token.
    /// </summary>
    public sealed class CdfException : Exception
    {
        internal CdfException(string message, string kind, int? statusCode, int? apiCode, string? requestId,
            IReadOnlyList<string> missing, IReadOnlyList<string> duplicated, Exception? innerException = null) : base(message, innerException)
        {
            Kind = kind; StatusCode = statusCode; ApiCode = apiCode; RequestId = requestId; Missing = missing; Duplicated = duplicated;
        }

        /// <summary>The kind of failure, e.g. "NotFound", "Throttled", "Connection".</summary>
        public string Kind { get; }

        /// <summary>The HTTP status, when a response came.</summary>
        public int? StatusCode { get; }

        /// <summary>The "code" of the API's error body.</summary>
        public int? ApiCode { get; }

        /// <summary>The response's x-request-id: quote it to support.</summary>
        public string? RequestId { get; }

        /// <summary>The items the API named as missing (compact JSON each).</summary>
        public IReadOnlyList<string> Missing { get; }

        /// <summary>The items the API named as duplicated (compact JSON each).</summary>
        public IReadOnlyList<string> Duplicated { get; }
    }
}
