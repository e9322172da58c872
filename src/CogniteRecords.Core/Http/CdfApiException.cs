using System;
using System.Collections.Generic;

namespace CogniteRecords.Core.Http
{
    /// <summary>
    /// A failed API call: the HTTP status, the API's error code and message, the x-request-id, and the
    /// missing/duplicated items when the API named them. Never carries the token.
    /// </summary>
    public sealed class CdfApiException : Exception
    {
        public CdfApiException(CdfErrorKind kind, string message, int? statusCode = null, int? apiCode = null,
            string? requestId = null, IReadOnlyList<string>? missing = null, IReadOnlyList<string>? duplicated = null,
            TimeSpan? retryAfter = null, Exception? inner = null)
            : base(message, inner)
        {
            Kind = kind;
            StatusCode = statusCode;
            ApiCode = apiCode;
            RequestId = requestId;
            Missing = missing ?? Array.Empty<string>();
            Duplicated = duplicated ?? Array.Empty<string>();
            RetryAfter = retryAfter;
        }

        public CdfErrorKind Kind { get; }

        /// <summary>The HTTP status, when a response came.</summary>
        public int? StatusCode { get; }

        /// <summary>The "code" of the API's error body.</summary>
        public int? ApiCode { get; }

        /// <summary>The x-request-id header of the response: what support asks for.</summary>
        public string? RequestId { get; }

        /// <summary>The API's "missing" items, as compact JSON each.</summary>
        public IReadOnlyList<string> Missing { get; }

        /// <summary>The API's "duplicated" items, as compact JSON each.</summary>
        public IReadOnlyList<string> Duplicated { get; }

        /// <summary>The Retry-After the response asked for, if any.</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>
        /// A partly failed write's "partial" items (compact JSON each: space, externalId, code, message?), in the
        /// API's order (not the request's): match them by id.
        /// </summary>
        public IReadOnlyList<string> Partial { get; internal set; } = Array.Empty<string>();

        /// <summary>Whether the call may succeed when repeated (408, 429, 500, 502, 503, 504).</summary>
        public bool IsTransient => StatusCode is 408 or 429 or 500 or 502 or 503 or 504;

        /// <summary>Maps a status to a kind.</summary>
        public static CdfErrorKind KindOf(int status, string? message) => status switch
        {
            400 when message != null && message.StartsWith("Cursor has expired", StringComparison.OrdinalIgnoreCase) => CdfErrorKind.CursorExpired,
            400 or 422 => CdfErrorKind.InvalidRequest,
            401 => CdfErrorKind.Authentication,
            403 => CdfErrorKind.PermissionDenied,
            404 => CdfErrorKind.NotFound,
            409 => CdfErrorKind.Conflict,
            410 => CdfErrorKind.Gone,
            408 or 429 => CdfErrorKind.Throttled,
            >= 500 => CdfErrorKind.ServerError,
            _ => CdfErrorKind.InvalidRequest,
        };
    }
}
