using System;
using System.Management.Automation;
using CogniteRecords.Core.Auth;
using CogniteRecords.Core.Filters;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Internal
{
    /// <summary>Turns engine exceptions into ErrorRecords with specific ErrorIds and fitting categories.</summary>
    internal static class ErrorMapping
    {
        public static ErrorRecord ToErrorRecord(Exception e, object? target)
        {
            switch (e)
            {
                case ErrorRecordException ere:
                    return ere.ErrorRecord;
                case CdfArgumentException arg:
                    return new ErrorRecord(new ArgumentException(arg.Reason), arg.ErrorId, ErrorCategory.InvalidArgument, target);
                case SourceNotFoundException nf:
                    return new ErrorRecord(new ItemNotFoundException(nf.Message), nf.ErrorId, ErrorCategory.ObjectNotFound, target);
                case FilterValidationException fv:
                    return new ErrorRecord(new ArgumentException(fv.Message), "InvalidFilter", ErrorCategory.InvalidArgument, target);
                case CdfAuthenticationException auth:
                    var authId = auth.ErrorCode switch
                    {
                        CdfAuthenticationException.InvalidTokenCode => "InvalidToken",
                        CdfAuthenticationException.TokenProviderFailedCode => "TokenProviderFailed",
                        _ => "AuthenticationFailed",
                    };
                    var authRecord = new ErrorRecord(new CdfException(auth.Message, "Authentication", null, null, null, Array.Empty<string>(), Array.Empty<string>(), InnerOf(auth)),
                        authId, ErrorCategory.AuthenticationError, target);
                    if (authId == "TokenProviderFailed")
                    {
                        authRecord.ErrorDetails = new ErrorDetails(auth.Message)
                        {
                            RecommendedAction = "Run the -TokenProvider script block by itself to see its error; it must return a token (a string or SecureString), and runs whenever a token is needed.",
                        };
                    }
                    return authRecord;
                case CdfApiException api:
                    return FromApi(api, target);
                case CheckpointException c:
                    return FromCheckpoint(c, target);
                case ArgumentException a:
                    return new ErrorRecord(a, "InvalidArgument", ErrorCategory.InvalidArgument, target);
                default:
                    return new ErrorRecord(e, e.GetType().Name, ErrorCategory.NotSpecified, target);
            }
        }

        /// <summary>A checkpoint file that cannot be used or written: its ErrorId, with the category of the case.</summary>
        private static ErrorRecord FromCheckpoint(CheckpointException c, object? target)
        {
            var category = c.ErrorId switch
            {
                "CheckpointKeyMismatch" or "CheckpointConflict" or "CheckpointPathInvalid" => ErrorCategory.InvalidArgument,
                "CheckpointInvalid" => ErrorCategory.InvalidData,
                "CheckpointInUse" => ErrorCategory.ResourceBusy,
                "CheckpointUnreadable" => ErrorCategory.ReadError,
                _ => ErrorCategory.WriteError,
            };
            return new ErrorRecord(category == ErrorCategory.InvalidArgument ? new ArgumentException(c.Message, c) : (Exception)new System.IO.IOException(c.Message, c),
                c.ErrorId, category, target);
        }

        /// <summary>
        /// The cause of a sign-in failure (the -TokenProvider's own error), kept as the inner exception when its text holds
        /// nothing token-shaped; otherwise a copy with that text cleaned, so no token reaches an error record.
        /// </summary>
        private static Exception? InnerOf(CdfAuthenticationException auth)
        {
            var inner = auth.InnerException;
            if (inner == null) return null;
            var clean = Redaction.Clean(inner.Message);
            return string.Equals(clean, inner.Message, StringComparison.Ordinal) ? inner : new InvalidOperationException(clean);
        }

        /// <summary>
        /// StreamNotFound: the one ErrorId of a stream that does not exist, in every cmdlet (Get-CdfStream and Get-CdfRecord
        /// write it as a non-terminating error; cmdlets that cannot go on without the stream stop with it).
        /// </summary>
        public static ErrorRecord StreamNotFound(CdfApiException e, string? stream, string? project)
        {
            var message = $"The stream '{stream}' was not found" + (project != null ? $" in project '{project}'" : "") + ". The service said: " + e.Message;
            if (e.RequestId != null && message.IndexOf(e.RequestId, StringComparison.Ordinal) < 0) message += $" (x-request-id: {e.RequestId})";
            return new ErrorRecord(new CdfException(message, e.Kind.ToString(), e.StatusCode, e.ApiCode, e.RequestId, e.Missing, e.Duplicated),
                "StreamNotFound", ErrorCategory.ObjectNotFound, stream)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Check the stream id: Get-CdfStream lists the streams of the project." },
            };
        }

        /// <summary>
        /// InvalidCursor: a -Cursor the service refused (a 400 that names the cursor, other than "Cursor has expired"), with
        /// what to do about it.
        /// </summary>
        public static ErrorRecord InvalidCursor(CdfApiException e, string? stream, string action)
        {
            var message = $"The service refused the cursor for stream '{stream}': " + e.Message;
            if (e.RequestId != null && message.IndexOf(e.RequestId, StringComparison.Ordinal) < 0) message += $" (x-request-id: {e.RequestId})";
            return new ErrorRecord(new CdfException(message, e.Kind.ToString(), e.StatusCode, e.ApiCode, e.RequestId, e.Missing, e.Duplicated),
                "InvalidCursor", ErrorCategory.InvalidArgument, stream)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = action },
            };
        }

        private static ErrorRecord FromApi(CdfApiException api, object? target)
        {
            var (id, category, action) = api.Kind switch
            {
                CdfErrorKind.InvalidRequest => ("InvalidRequest", ErrorCategory.InvalidArgument, (string?)null),
                CdfErrorKind.CursorExpired => ("CursorExpired", ErrorCategory.InvalidOperation,
                    "The cursor has expired: forget it with Clear-CdfSyncState (or drop -Cursor), then run again with -InitializeCursor to say where to restart."),
                CdfErrorKind.Authentication => ("AuthenticationFailed", ErrorCategory.AuthenticationError, "Connect again with Connect-CdfProject (a new token)."),
                CdfErrorKind.PermissionDenied => ("PermissionDenied", ErrorCategory.PermissionDenied,
                    "Ask for the capabilities the call needs (sync needs StreamRecordsAcl:READ and DataModelsAcl:READ)."),
                CdfErrorKind.NotFound => ("NotFound", ErrorCategory.ObjectNotFound, (string?)null),
                CdfErrorKind.Conflict => ("Conflict", ErrorCategory.ResourceExists, null),
                CdfErrorKind.Gone => ("Gone", ErrorCategory.ResourceUnavailable, null),
                CdfErrorKind.Throttled => ("Throttled", ErrorCategory.LimitsExceeded, "Try again later, or read with fewer parallel calls."),
                CdfErrorKind.ServerError => ("ServerError", ErrorCategory.ResourceUnavailable, "Try again later; quote the x-request-id to support if it persists."),
                CdfErrorKind.Connection => ("ConnectionFailed", ErrorCategory.ConnectionError, "Check the base URL and the network."),
                CdfErrorKind.InvalidResponse => ("InvalidResponse", ErrorCategory.InvalidResult, null),
                CdfErrorKind.Refused => ("InsecureUrl", ErrorCategory.SecurityError, "Use an https base URL."),
                _ => ("ApiError", ErrorCategory.NotSpecified, null),
            };
            var message = api.Message;
            if (api.RequestId != null && message.IndexOf(api.RequestId, StringComparison.Ordinal) < 0) message += $" (x-request-id: {api.RequestId})";
            var exception = new CdfException(message, api.Kind.ToString(), api.StatusCode, api.ApiCode, api.RequestId, api.Missing, api.Duplicated);
            var record = new ErrorRecord(exception, id, category, target);
            if (action != null) record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = action };
            return record;
        }

        /// <summary>The mapped error of <paramref name="e"/> under a more specific id and category; its message and details are kept.</summary>
        public static ErrorRecord ToErrorRecord(Exception e, string id, ErrorCategory category, object? target)
        {
            var record = ToErrorRecord(e, target);
            return new ErrorRecord(record.Exception, id, category, target) { ErrorDetails = record.ErrorDetails };
        }

        /// <summary>An InvalidStreamId error naming why <paramref name="stream"/> is not a valid stream id, or null when it is.</summary>
        public static ErrorRecord? CheckStreamId(string? stream) =>
            Identifiers.CheckStreamId(stream) is string why ? Make("InvalidStreamId", ErrorCategory.InvalidArgument, why, stream) : null;

        /// <summary>An error with a given id and category, for checks made in the cmdlets.</summary>
        public static ErrorRecord Make(string id, ErrorCategory category, string message, object? target = null, string? parameter = null) =>
            new ErrorRecord(category == ErrorCategory.InvalidArgument ? new ArgumentException(message) : (Exception)new InvalidOperationException(message), id, category, target);
    }
}
