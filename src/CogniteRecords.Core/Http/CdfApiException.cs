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
        public static CdfErrorKind KindOf(int status, string? message) => KindOf(status, message, false);

        /// <summary>
        /// Maps a status to a kind. <paramref name="resumedCursor"/>: the request was a sync that sent a cursor; then any 400
        /// whose message mentions the cursor is an expired cursor, whatever its wording (cursor lifetime is not documented
        /// for records, and the wording is not either: only instance sync's "Cursor has expired" is known).
        /// </summary>
        public static CdfErrorKind KindOf(int status, string? message, bool resumedCursor) => status switch
        {
            400 when message != null && message.StartsWith("Cursor has expired", StringComparison.OrdinalIgnoreCase) => CdfErrorKind.CursorExpired,
            400 when resumedCursor && MentionsCursor(message) => CdfErrorKind.CursorExpired,
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

        /// <summary>
        /// Whether an error message names the cursor: the word "cursor" (any case) on its own or as the start of a word
        /// ("Cursor has expired", "'cursor' is too old", "cursors older than..."), not inside another name such as
        /// "initializeCursor" or "nextCursor".
        /// </summary>
        public static bool MentionsCursor(string? message)
        {
            if (string.IsNullOrEmpty(message)) return false;
            for (var at = message!.IndexOf("cursor", StringComparison.OrdinalIgnoreCase); at >= 0;
                 at = message.IndexOf("cursor", at + 1, StringComparison.OrdinalIgnoreCase))
            {
                if (at == 0 || !char.IsLetterOrDigit(message[at - 1])) return true;
            }
            return false;
        }
    }
}
