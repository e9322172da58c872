using System.Threading;
using System.Threading.Tasks;

namespace CogniteRecords.Core.Auth
{
    /// <summary>
    /// Where a connection gets its bearer tokens: a fixed token, a callback, MSAL, or an OIDC token endpoint.
    /// Implementations cache the token.
    /// </summary>
    public interface ITokenSource
    {
        /// <summary>A short name of the sign-in flow, e.g. "AccessToken", "ClientCredentials".</summary>
        string Flow { get; }

        /// <summary>Whether a new token can be obtained (false for a fixed token).</summary>
        bool CanRefresh { get; }

        /// <summary>The current token, or a new one; <paramref name="forceRefresh"/> is set after a 401.</summary>
        Task<AccessToken> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken);
    }
}
