namespace CogniteRecords.Core.Http
{
    /// <summary>What kind of failure an API call met; the cmdlets map it to an error category.</summary>
    public enum CdfErrorKind
    {
        /// <summary>400 or 422: the request was refused as invalid.</summary>
        InvalidRequest,
        /// <summary>400 whose message says the cursor expired: restart from -InitializeCursor.</summary>
        CursorExpired,
        /// <summary>401: missing, expired or invalid token.</summary>
        Authentication,
        /// <summary>403: the token lacks a capability.</summary>
        PermissionDenied,
        /// <summary>404 or a missing item.</summary>
        NotFound,
        /// <summary>409.</summary>
        Conflict,
        /// <summary>410.</summary>
        Gone,
        /// <summary>408/429 after every retry.</summary>
        Throttled,
        /// <summary>500/502/503/504 after every retry.</summary>
        ServerError,
        /// <summary>No answer: connection refused, dropped or timed out, after every retry.</summary>
        Connection,
        /// <summary>A 2xx answer the client could not read.</summary>
        InvalidResponse,
        /// <summary>The client refused to send the request (e.g. a token over plain http).</summary>
        Refused,
    }
}
