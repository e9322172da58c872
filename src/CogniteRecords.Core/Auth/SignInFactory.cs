using System;
using System.Collections.Generic;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Core.Auth
{
    /// <summary>
    /// The sign-ins that Connect-CdfProject's parameters ask for, beside <see cref="EnvironmentSignIn"/> (which reads them
    /// from the environment): each checks its input before any request, throwing <see cref="CdfArgumentException"/> that
    /// names the rule broken and the parameter, and makes the token source. No signature here names an MSAL type: the
    /// cmdlet assembly calls them (ARCHITECTURE.md).
    /// </summary>
    public static class SignInFactory
    {
        /// <summary>
        /// The one check of where credentials or a token may go: an absolute https URL, or, when
        /// <paramref name="loopbackHttp"/>, plain http to this machine (127.0.0.0/8, ::1, localhost).
        /// </summary>
        public static bool IsSecureUrl(Uri url, bool loopbackHttp)
        {
            if (url == null) throw new ArgumentNullException(nameof(url));
            if (!url.IsAbsoluteUri) return false;
            if (url.Scheme == Uri.UriSchemeHttps) return true;
            return loopbackHttp && url.Scheme == Uri.UriSchemeHttp && CdfClientOptions.IsLoopback(url);
        }

        /// <summary>Entra ID client credentials with a client secret (MSAL).</summary>
        public static CachedTokenSource ClientSecret(MsalSignInOptions options, SecureString secret) => new MsalClientCredentialsTokenSource(options, secret);

        /// <summary>Entra ID client credentials with a certificate (MSAL); see <see cref="WithPrivateKey"/>.</summary>
        public static CachedTokenSource Certificate(MsalSignInOptions options, X509Certificate2 certificate) => new MsalClientCredentialsTokenSource(options, certificate);

        /// <summary>The certificate, when it has its private key (without it, it cannot sign in).</summary>
        public static X509Certificate2 WithPrivateKey(X509Certificate2 certificate)
        {
            if (certificate == null) throw new ArgumentNullException(nameof(certificate));
            if (!certificate.HasPrivateKey)
                throw new CdfArgumentException("CertificateWithoutPrivateKey", "Certificate",
                    $"The certificate {certificate.Thumbprint} ({certificate.Subject}) has no private key, so it cannot sign in.");
            return certificate;
        }

        /// <summary>Client credentials against any OIDC token URL (https, or plain http to this machine).</summary>
        public static CachedTokenSource OidcClientSecret(Uri tokenUrl, string clientId, SecureString secret, IReadOnlyList<string>? scopes, string? audience) =>
            new OidcClientCredentialsTokenSource(tokenUrl, clientId, secret, scopes ?? Array.Empty<string>(), audience);

        /// <summary>
        /// The MSAL options of an Entra ID sign-in: the authority (https only), the tenant (from -TenantId, the authority's
        /// path, or <paramref name="defaultTenant"/>), and the scopes (default: the CDF base URL's "/.default").
        /// </summary>
        public static MsalSignInOptions EntraOptions(string clientId, string? tenantId, Uri? authority, IReadOnlyList<string>? scopes, Uri baseUrl, string? defaultTenant)
        {
            if (authority != null && !IsSecureUrl(authority, loopbackHttp: false))
                throw new CdfArgumentException("InvalidAuthority", "Authority",
                    $"The authority '{authority}' must be an absolute https URL: credentials are never sent over plain http.");
            var authorityHasTenant = authority != null && authority.AbsolutePath.Trim('/').Length > 0;
            var tenant = tenantId ?? (authorityHasTenant ? null : defaultTenant);
            if (tenant == null && !authorityHasTenant)
                throw new CdfArgumentException("MissingTenantId", "TenantId",
                    "Pass -TenantId (Entra ID), an -Authority that includes the tenant, or -TokenUrl (another identity provider).");
            try
            {
                return new MsalSignInOptions(clientId, tenant, scopes ?? new[] { baseUrl.GetLeftPart(UriPartial.Authority) + "/.default" }, authority);
            }
            catch (ArgumentException e) when (!(e is CdfArgumentException))
            {
                throw new CdfArgumentException("InvalidSignIn", "", e.Message);
            }
        }

        /// <summary>A certificate with its private key, by thumbprint, from CurrentUser\My and then LocalMachine\My.</summary>
        public static X509Certificate2 FindCertificate(string thumbprint)
        {
            var wanted = Regex.Replace(thumbprint ?? "", "[^0-9A-Fa-f]", "").ToUpperInvariant();
            if (wanted.Length != 40 && wanted.Length != 64)
                throw new CdfArgumentException("InvalidThumbprint", "CertificateThumbprint", $"'{thumbprint}' is not a certificate thumbprint (40 hexadecimal digits).");
            X509Certificate2? withoutKey = null;
            foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
            {
                try
                {
                    using var store = new X509Store(StoreName.My, location);
                    store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
                    foreach (var found in store.Certificates.Find(X509FindType.FindByThumbprint, wanted, false))
                    {
                        if (found.HasPrivateKey) return found;
                        withoutKey ??= found;
                    }
                }
                catch (CryptographicException)
                {
                    // The store does not exist here (e.g. LocalMachine\My on Linux): look in the next one.
                }
            }
            if (withoutKey != null)
                throw new CdfArgumentException("CertificateWithoutPrivateKey", "CertificateThumbprint",
                    $"The certificate {wanted} ({withoutKey.Subject}) has no private key in the certificate store, so it cannot sign in.");
            throw new CdfArgumentException("CertificateNotFound", "CertificateThumbprint", $"No certificate with thumbprint {wanted} is in CurrentUser\\My or LocalMachine\\My.");
        }
    }
}
