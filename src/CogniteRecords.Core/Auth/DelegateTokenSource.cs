using System;
using System.Threading;
using System.Threading.Tasks;

namespace CogniteRecords.Core.Auth
{
    /// <summary>
    /// Tokens from the user's code (e.g. <c>-TokenProvider</c>). The callback is asked again when the last token it gave is
    /// within the refresh leeway of its expiry (read from the JWT, not validated) or after a 401.
    /// </summary>
    public sealed class DelegateTokenSource : CachedTokenSource
    {
        private readonly Func<CancellationToken, Task<string>> _provider;

        /// <summary>Wraps a callback that returns a bearer token.</summary>
        public DelegateTokenSource(Func<CancellationToken, Task<string>> provider) =>
            _provider = provider ?? throw new ArgumentNullException(nameof(provider));

        /// <inheritdoc/>
        public override string Flow => "TokenProvider";

        /// <inheritdoc/>
        protected override async Task<AccessToken> AcquireAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            string token;
            try
            {
                token = await _provider(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested) && !(e is CdfAuthenticationException))
            {
                // The user's code failed: say so, with its own error (cleaned of anything token-shaped) as the cause.
                throw new CdfAuthenticationException("The token provider failed: " + Http.Redaction.Clean(e.Message),
                    CdfAuthenticationException.TokenProviderFailedCode, e);
            }
            if (string.IsNullOrWhiteSpace(token))
                throw new CdfAuthenticationException("The token provider returned no token.", CdfAuthenticationException.TokenProviderFailedCode);
            token = token.Trim();
            if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = token.Substring(7).Trim();
            return new AccessToken(token, JwtClaims.ReadExpiry(token));
        }
    }
}
