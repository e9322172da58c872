using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Identity.Client;

namespace CogniteRecords.Core.Auth
{
    /// <summary>Where and as whom MSAL signs in: client id, tenant, authority, scopes.</summary>
    public sealed class MsalSignInOptions
    {
        /// <summary>Entra ID's public cloud.</summary>
        public static readonly Uri EntraPublicCloud = new Uri("https://login.microsoftonline.com/");

        // Hosts where MSAL's instance discovery and authority validation apply (Entra ID's public and national clouds).
        private static readonly HashSet<string> EntraHosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "login.microsoftonline.com", "login.microsoft.com", "login.windows.net", "sts.windows.net",
            "login.microsoftonline.us", "login.usgovcloudapi.net", "login.chinacloudapi.cn", "login.partner.microsoftonline.cn",
        };

        /// <summary>Creates options.</summary>
        public MsalSignInOptions(string clientId, string? tenantId, IEnumerable<string> scopes, Uri? authority = null)
        {
            if (string.IsNullOrWhiteSpace(clientId)) throw new ArgumentException("A client id is required.", nameof(clientId));
            ClientId = clientId.Trim();
            TenantId = string.IsNullOrWhiteSpace(tenantId) ? null : tenantId!.Trim();
            Scopes = (scopes ?? throw new ArgumentNullException(nameof(scopes))).Where(s => !string.IsNullOrWhiteSpace(s)).ToArray();
            if (Scopes.Count == 0) throw new ArgumentException("At least one scope is required (e.g. '{BaseUrl}/.default').", nameof(scopes));
            Authority = BuildAuthority(authority, TenantId);
        }

        /// <summary>The application (client) id.</summary>
        public string ClientId { get; }

        /// <summary>The tenant (directory) id or domain, if given.</summary>
        public string? TenantId { get; }

        /// <summary>The scopes to ask for, e.g. "https://{cluster}.cognitedata.com/.default".</summary>
        public IReadOnlyList<string> Scopes { get; }

        /// <summary>The full authority, e.g. "https://login.microsoftonline.com/{tenant}".</summary>
        public Uri Authority { get; }

        /// <summary>
        /// Whether MSAL's instance discovery (a call to Entra ID's public cloud that checks the authority) applies: only for
        /// Entra ID's known cloud hosts. Any other host (Azure Stack, a private IdP in Entra ID's shape, the emulator) is used as given.
        /// </summary>
        public bool UseInstanceDiscovery => EntraHosts.Contains(Authority.Host);

        /// <summary>
        /// The HTTP client MSAL uses; null for ours (<see cref="IdentityHttp"/>: no redirects, URLs checked; the connection's
        /// handler once a connection binds it). For tests that trust a local certificate; TLS validation stays with whatever handler it has.
        /// </summary>
        public IMsalHttpClientFactory? HttpClientFactory { get; set; }

        /// <summary>Our factory when the caller gave none: a connection points it at its own identity client.</summary>
        internal IdentityMsalHttpClientFactory? OwnFactory { get; private set; }

        internal static Uri BuildAuthority(Uri? authority, string? tenantId)
        {
            var root = authority ?? EntraPublicCloud;
            if (!root.IsAbsoluteUri) throw new ArgumentException("The authority must be an absolute https URI.", nameof(authority));
            if (root.Scheme != Uri.UriSchemeHttps)
                throw new ArgumentException($"The authority '{root}' must use https: credentials are never sent over plain http.", nameof(authority));
            var path = root.AbsolutePath.Trim('/');
            if (path.Length > 0) return new Uri(root.GetLeftPart(UriPartial.Authority) + "/" + path);
            if (tenantId == null)
                throw new ArgumentException("A tenant id is required with Entra ID (or give an authority that includes the tenant).", nameof(tenantId));
            return new Uri(root.GetLeftPart(UriPartial.Authority) + "/" + Uri.EscapeDataString(tenantId));
        }

        internal T Configure<T>(AbstractApplicationBuilder<T> builder) where T : AbstractApplicationBuilder<T>
        {
            var configured = builder.WithAuthority(Authority.ToString());
            if (!UseInstanceDiscovery) configured = configured.WithInstanceDiscovery(false);
            // MSAL's HTTP goes through our identity stack (no redirects, URLs checked) unless a caller gave its own (tests).
            configured = configured.WithHttpClientFactory(HttpClientFactory ?? (OwnFactory ??= new IdentityMsalHttpClientFactory()));
            return configured;
        }

        /// <summary>Turns MSAL's exceptions into one clear error without secrets.</summary>
        internal CdfAuthenticationException Fail(string flow, Exception ex)
        {
            switch (ex)
            {
                case MsalServiceException service:
                    // The identity provider's own error_description says what is wrong; MSAL's message wraps it in generic advice.
                    return new CdfAuthenticationException(
                        $"{flow} sign-in to {Authority} as client '{ClientId}' failed: {service.ErrorCode}: {FirstLine(DescriptionOf(service.ResponseBody) ?? service.Message)}",
                        service.ErrorCode, ex);
                case MsalException msal:
                    return new CdfAuthenticationException(
                        $"{flow} sign-in to {Authority} as client '{ClientId}' failed: {msal.ErrorCode}: {FirstLine(msal.Message)}",
                        msal.ErrorCode, ex);
                default:
                    return new CdfAuthenticationException(
                        $"{flow} sign-in to {Authority} as client '{ClientId}' failed: {ex.GetType().Name}: {FirstLine(ex.Message)}", null, ex);
            }
        }

        private static string? DescriptionOf(string? responseBody)
        {
            if (string.IsNullOrWhiteSpace(responseBody)) return null;
            try
            {
                using var doc = System.Text.Json.JsonDocument.Parse(responseBody!);
                return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                    && doc.RootElement.TryGetProperty("error_description", out var d) && d.ValueKind == System.Text.Json.JsonValueKind.String
                    && !string.IsNullOrWhiteSpace(d.GetString()) ? d.GetString() : null;
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }

        // Entra ID's descriptions carry trace and correlation ids on further lines: keep the first, which says what is wrong.
        // Cleaned of anything token-shaped: an identity provider may echo what it was sent.
        private static string FirstLine(string message)
        {
            var end = message.IndexOfAny(new[] { '\r', '\n' });
            return Http.Redaction.Clean(end < 0 ? message : message.Substring(0, end));
        }
    }
}
