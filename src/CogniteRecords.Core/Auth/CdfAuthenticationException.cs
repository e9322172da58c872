using System;

namespace CogniteRecords.Core.Auth
{
    /// <summary>
    /// Sign-in failed, or a token cannot be had (expired fixed token, refused credentials, unreachable identity provider).
    /// The message names the problem and never contains a secret or a token.
    /// </summary>
    public sealed class CdfAuthenticationException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public CdfAuthenticationException(string message, string? errorCode = null, Exception? innerException = null)
            : base(message, innerException) => ErrorCode = errorCode;

        /// <summary>The identity provider's OAuth error code (e.g. "invalid_client"), when it gave one.</summary>
        public string? ErrorCode { get; }
    }
}
