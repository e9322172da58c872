using System;
using System.Collections.Generic;
using System.Security;
using System.Text.RegularExpressions;

namespace CogniteRecords.Core.Auth
{
    /// <summary>
    /// The Cognite toolkit's environment variables, read for unattended runbooks:
    /// CDF_CLUSTER, CDF_URL (optional, instead of the cluster), CDF_PROJECT, IDP_CLIENT_ID, IDP_CLIENT_SECRET, IDP_TENANT_ID,
    /// IDP_TOKEN_URL, IDP_SCOPES (space or comma separated), IDP_AUDIENCE, and CDF_TOKEN for a ready token.
    /// </summary>
    public sealed class EnvironmentSignIn
    {
        /// <summary>The variable names, in the order they are documented.</summary>
        public static readonly IReadOnlyList<string> VariableNames = new[]
        {
            "CDF_CLUSTER", "CDF_URL", "CDF_PROJECT", "IDP_CLIENT_ID", "IDP_CLIENT_SECRET", "IDP_TENANT_ID",
            "IDP_TOKEN_URL", "IDP_SCOPES", "IDP_AUDIENCE", "CDF_TOKEN",
        };

        // Entra ID's v2.0 token endpoint: https://{host}/{tenant}/oauth2/v2.0/token.
        private static readonly Regex EntraTokenPath = new Regex(@"^/(?<tenant>[^/]+)/oauth2/v2\.0/token/?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private EnvironmentSignIn() { }

        /// <summary>The CDF base URL (from CDF_URL, else https://{CDF_CLUSTER}.cognitedata.com).</summary>
        public Uri? BaseUrl { get; private set; }

        /// <summary>CDF_CLUSTER.</summary>
        public string? Cluster { get; private set; }

        /// <summary>CDF_PROJECT.</summary>
        public string? Project { get; private set; }

        /// <summary>IDP_CLIENT_ID.</summary>
        public string? ClientId { get; private set; }

        /// <summary>IDP_CLIENT_SECRET, kept as a SecureString.</summary>
        public SecureString? ClientSecret { get; private set; }

        /// <summary>IDP_TENANT_ID.</summary>
        public string? TenantId { get; private set; }

        /// <summary>IDP_TOKEN_URL.</summary>
        public Uri? TokenUrl { get; private set; }

        /// <summary>IDP_SCOPES, or for Entra ID the default "{BaseUrl}/.default".</summary>
        public IReadOnlyList<string> Scopes { get; private set; } = Array.Empty<string>();

        /// <summary>IDP_AUDIENCE.</summary>
        public string? Audience { get; private set; }

        /// <summary>Whether CDF_TOKEN is set (its value is never shown).</summary>
        public bool HasToken => _token != null;

        /// <summary>The flow the variables call for.</summary>
        public EnvironmentSignInFlow Flow { get; private set; }

        /// <summary>For Entra ID: the authority (from IDP_TOKEN_URL when given, else Entra ID's public cloud and the tenant).</summary>
        public Uri? Authority { get; private set; }

        private string? _token;

        /// <summary>
        /// Reads the variables (through <paramref name="getVariable"/>, default the process environment) and picks the flow.
        /// Throws <see cref="ArgumentException"/> naming what is missing or malformed.
        /// </summary>
        public static EnvironmentSignIn Read(Func<string, string?>? getVariable = null)
        {
            getVariable ??= Environment.GetEnvironmentVariable;
            string? Get(string name)
            {
                var v = getVariable(name);
                return string.IsNullOrWhiteSpace(v) ? null : v!.Trim();
            }

            var s = new EnvironmentSignIn
            {
                Cluster = Get("CDF_CLUSTER"),
                Project = Get("CDF_PROJECT"),
                ClientId = Get("IDP_CLIENT_ID"),
                TenantId = Get("IDP_TENANT_ID"),
                Audience = Get("IDP_AUDIENCE"),
                _token = Get("CDF_TOKEN"),
            };
            var problems = new List<string>();

            var url = Get("CDF_URL");
            if (url != null)
            {
                if (Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)) s.BaseUrl = u;
                else problems.Add($"CDF_URL '{url}' is not an absolute http(s) URL");
            }
            else if (s.Cluster != null)
            {
                if (Regex.IsMatch(s.Cluster, "^[A-Za-z0-9-]+$")) s.BaseUrl = new Uri("https://" + s.Cluster + ".cognitedata.com");
                else problems.Add($"CDF_CLUSTER '{s.Cluster}' is not a cluster name (letters, digits and '-', e.g. 'westeurope-1')");
            }
            else problems.Add("CDF_CLUSTER (or CDF_URL) is not set");
            if (s.Project == null) problems.Add("CDF_PROJECT is not set");

            var tokenUrl = Get("IDP_TOKEN_URL");
            if (tokenUrl != null)
            {
                if (Uri.TryCreate(tokenUrl, UriKind.Absolute, out var t) && (t.Scheme == Uri.UriSchemeHttps || t.Scheme == Uri.UriSchemeHttp)) s.TokenUrl = t;
                else problems.Add($"IDP_TOKEN_URL '{tokenUrl}' is not an absolute https URL");
            }
            var scopes = Get("IDP_SCOPES");
            if (scopes != null) s.Scopes = scopes.Split(new[] { ' ', ',' }, StringSplitOptions.RemoveEmptyEntries);

            var secret = Get("IDP_CLIENT_SECRET");
            if (secret != null)
            {
                var secure = new SecureString();
                foreach (var c in secret) secure.AppendChar(c);
                secure.MakeReadOnly();
                s.ClientSecret = secure;
            }

            if (s._token != null)
            {
                s.Flow = EnvironmentSignInFlow.AccessToken;
            }
            else
            {
                if (s.ClientId == null) problems.Add("IDP_CLIENT_ID is not set (or set CDF_TOKEN to a ready token)");
                if (s.ClientSecret == null) problems.Add("IDP_CLIENT_SECRET is not set (or set CDF_TOKEN to a ready token)");
                var entraPath = s.TokenUrl == null ? null : EntraTokenPath.Match(s.TokenUrl.AbsolutePath);
                if (s.TokenUrl != null && entraPath!.Success)
                {
                    // An Entra ID token URL (or one in its shape, like the emulator's): MSAL, with the authority it implies.
                    s.Flow = EnvironmentSignInFlow.EntraClientSecret;
                    s.Authority = new Uri(s.TokenUrl.GetLeftPart(UriPartial.Authority) + "/" + entraPath.Groups["tenant"].Value);
                    s.TenantId ??= entraPath.Groups["tenant"].Value;
                }
                else if (s.TokenUrl != null)
                {
                    s.Flow = EnvironmentSignInFlow.OidcClientSecret;
                }
                else if (s.TenantId != null)
                {
                    s.Flow = EnvironmentSignInFlow.EntraClientSecret;
                    s.Authority = MsalSignInOptions.BuildAuthority(null, s.TenantId);
                }
                else problems.Add("neither IDP_TENANT_ID (Entra ID) nor IDP_TOKEN_URL (another identity provider) is set");

                if (s.Flow == EnvironmentSignInFlow.EntraClientSecret && s.Scopes.Count == 0 && s.BaseUrl != null)
                    s.Scopes = new[] { s.BaseUrl.GetLeftPart(UriPartial.Authority) + "/.default" };
            }

            if (problems.Count > 0)
                throw new ArgumentException("Cannot connect from the environment: " + string.Join("; ", problems) + ".");
            return s;
        }

        /// <summary>Makes the token source for the chosen flow, with MSAL's and the system's own HTTP clients.</summary>
        /// <remarks>
        /// The cmdlets call this overload: its signature names no MSAL type. A call to the other one from the
        /// cmdlet assembly would bind MSAL in PowerShell's default load context, not the engine's (ARCHITECTURE.md).
        /// </remarks>
        public CachedTokenSource CreateTokenSource() => (CachedTokenSource)CreateTokenSource(null, null);

        /// <summary>Makes the token source for the chosen flow, with MSAL's and the OIDC client's HTTP (tests).</summary>
        public ITokenSource CreateTokenSource(Microsoft.Identity.Client.IMsalHttpClientFactory? msalHttpClientFactory,
            System.Net.Http.HttpClient? httpClient)
        {
            switch (Flow)
            {
                case EnvironmentSignInFlow.AccessToken:
                    return new StaticTokenSource(_token!);
                case EnvironmentSignInFlow.EntraClientSecret:
                    var options = new MsalSignInOptions(ClientId!, TenantId, Scopes, Authority) { HttpClientFactory = msalHttpClientFactory };
                    return new MsalClientCredentialsTokenSource(options, ClientSecret!);
                default:
                    return new OidcClientCredentialsTokenSource(TokenUrl!, ClientId!, ClientSecret!, Scopes, Audience, httpClient);
            }
        }

        /// <summary>A summary without the secret or the token.</summary>
        public override string ToString() =>
            $"EnvironmentSignIn(Flow={Flow}, BaseUrl={BaseUrl}, Project={Project}, ClientId={ClientId}, TokenUrl={TokenUrl}, Scopes={string.Join(" ", Scopes)}, Audience={Audience})";
    }
}
