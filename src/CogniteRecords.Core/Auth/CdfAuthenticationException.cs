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

        /// <summary>The <see cref="ErrorCode"/> of a token that cannot be sent (a line break or control character in it).</summary>
        public const string InvalidTokenCode = "cogniterecords_invalid_token";

        /// <summary>The <see cref="ErrorCode"/> of a -TokenProvider that failed (threw or returned nothing usable).</summary>
        public const string TokenProviderFailedCode = "cogniterecords_token_provider_failed";

        /// <summary>The identity provider's OAuth error code (e.g. "invalid_client"), when it gave one.</summary>
        public string? ErrorCode { get; }
    }
}
