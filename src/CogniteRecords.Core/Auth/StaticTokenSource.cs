using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace CogniteRecords.Core.Auth
{
    /// <summary>
    /// A ready token given by the user (e.g. <c>-AccessToken</c> or <c>CDF_TOKEN</c>). It cannot be refreshed; when it is a JWT
    /// its expiry is read (not validated) so the user is warned before it runs out and told plainly once it has.
    /// </summary>
    public sealed class StaticTokenSource : CachedTokenSource
    {
        /// <summary>Warn when fewer than this remain.</summary>
        public static readonly TimeSpan WarningThreshold = TimeSpan.FromMinutes(5);

        private readonly AccessToken _token;

        /// <summary>Wraps a ready token.</summary>
        public StaticTokenSource(string token)
        {
            if (string.IsNullOrWhiteSpace(token)) throw new ArgumentException("The access token is empty.", nameof(token));
            token = token.Trim();
            if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = token.Substring(7).Trim();
            _token = new AccessToken(token, JwtClaims.ReadExpiry(token));
        }

        /// <inheritdoc/>
        public override string Flow => "AccessToken";

        /// <inheritdoc/>
        public override bool CanRefresh => false;

        /// <summary>When the token expires, if it is a JWT with an "exp" claim.</summary>
        public DateTimeOffset? ExpiresOn => _token.ExpiresOn;

        /// <summary>
        /// A warning to show when the token expires within <see cref="WarningThreshold"/> (or already has); null otherwise.
        /// </summary>
        public string? GetExpiryWarning()
        {
            if (ExpiresOn is not DateTimeOffset expires) return null;
            var left = expires - Clock();
            if (left <= TimeSpan.Zero) return ExpiredMessage(expires);
            if (left > WarningThreshold) return null;
            return string.Format(CultureInfo.InvariantCulture,
                "The access token expires in {0:0} seconds (at {1:u}) and cannot be refreshed; long operations will fail after that. Connect with a sign-in flow that can refresh, or a new token.",
                left.TotalSeconds, expires.UtcDateTime);
        }

        /// <inheritdoc/>
        protected override Task<AccessToken> AcquireAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            if (ExpiresOn is DateTimeOffset expires && expires <= Clock())
                throw new CdfAuthenticationException(ExpiredMessage(expires), "token_expired");
            return Task.FromResult(_token);
        }

        private static string ExpiredMessage(DateTimeOffset expires) => string.Format(CultureInfo.InvariantCulture,
            "The access token expired at {0:u}; a fixed token cannot be refreshed. Get a new token and connect again.", expires.UtcDateTime);
    }
}
