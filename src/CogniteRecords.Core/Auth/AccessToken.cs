using System;

namespace CogniteRecords.Core.Auth
{
    /// <summary>An access token and, when known, when it expires.</summary>
    public sealed class AccessToken
    {
        public AccessToken(string value, DateTimeOffset? expiresOn)
        {
            Value = value ?? throw new ArgumentNullException(nameof(value));
            ExpiresOn = expiresOn;
        }

        /// <summary>The bearer token. Never log, print or persist it.</summary>
        public string Value { get; }

        /// <summary>When the token expires, if known (read from the JWT or the token response).</summary>
        public DateTimeOffset? ExpiresOn { get; }

        /// <summary>Keeps the token out of any accidental string conversion.</summary>
        public override string ToString() => "AccessToken(redacted)";
    }
}
