using System;
using CogniteRecords.Core.Auth;
using CogniteRecords.Core.Http;

namespace CogniteRecords
{
    /// <summary>
    /// A connection to one CDF project: where it is, how it signs in, and who it is. It holds the HTTP client and
    /// the token source internally; nothing secret is in any of its public properties, so ToString, format views,
    /// ConvertTo-Json and Export-Clixml show nothing secret. Pass it to -Connection (also with $using: in
    /// ForEach-Object -Parallel): one connection can serve many calls at once, and refreshes its token once for all.
    /// </summary>
    public sealed class CdfConnection
    {
        private readonly CachedTokenSource _tokens;

        internal CdfConnection(string project, Uri baseUrl, CachedTokenSource tokens, CdfClientOptions options, string? clientId = null, Uri? authority = null)
        {
            Project = project;
            BaseUrl = baseUrl;
            _tokens = tokens;
            ClientId = clientId;
            Authority = authority;
            Client = new CdfApiClient(options, _tokens);
        }

        /// <summary>The project's URL name.</summary>
        public string Project { get; }

        /// <summary>The cluster's base URL, e.g. https://westeurope-1.cognitedata.com.</summary>
        public Uri BaseUrl { get; }

        /// <summary>
        /// How the connection gets tokens: AccessToken, TokenProvider, ClientSecret, ClientCertificate, OidcClientCredentials,
        /// DeviceCode or InteractiveBrowser.
        /// </summary>
        public string Flow => _tokens.Flow;

        /// <summary>Who the token speaks for (the subject that /token/inspect reported, or the signed-in user).</summary>
        public string? Identity { get; internal set; }

        /// <summary>The client (application) id that signs in, for the sign-in flows that have one.</summary>
        public string? ClientId { get; }

        /// <summary>The identity provider: the MSAL authority, or the token URL of another OIDC provider.</summary>
        public Uri? Authority { get; }

        /// <summary>When the token last obtained expires, if known.</summary>
        public DateTimeOffset? TokenExpiresOn => _tokens.CurrentExpiresOn;

        /// <summary>The most seconds one attempt of a request may take (Connect-CdfProject -TimeoutSec).</summary>
        public int TimeoutSec => (int)Client.Options.AttemptTimeout.TotalSeconds;

        /// <summary>The most time one call may take, retries included (Connect-CdfProject -MaxRetryTime).</summary>
        public TimeSpan MaxRetryTime => Client.Options.TotalTimeout;

        /// <summary>Whether the connection can get a new token when the current one expires.</summary>
        public bool CanRefreshToken => _tokens.CanRefresh;

        /// <summary>
        /// The share of the identity's documented request budgets the connection paces itself within (1: all of it), or
        /// null when it does not pace (-NoPacing). Every run that uses this connection shares it, in any runspace.
        /// </summary>
        public double? BudgetShare => Client.Options.Budgets?.Share;

        /// <summary>The engine's HTTP client for this project (internal: not part of the public surface).</summary>
        internal CdfApiClient Client { get; }

        /// <summary>The token source (internal: signing out of a delegated sign-in).</summary>
        internal CachedTokenSource Tokens => _tokens;

        /// <summary>A stable key for session state: project and base URL.</summary>
        internal string Key => Project + "@" + BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');

        /// <summary>Project, base URL and flow; nothing secret.</summary>
        public override string ToString() => $"{Project} at {BaseUrl} ({Flow})";
    }
}
