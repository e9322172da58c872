using System;
using System.Net;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Identity.Client;

namespace CogniteRecords.Core.Auth
{
    /// <summary>
    /// Entra ID client credentials through MSAL: a client secret or a client certificate (MSAL signs the client assertion).
    /// </summary>
    public sealed class MsalClientCredentialsTokenSource : CachedTokenSource, IConnectionIdentityUser
    {
        private readonly MsalSignInOptions _options;
        private readonly IConfidentialClientApplication _app;

        /// <summary>Signs in with a client secret.</summary>
        public MsalClientCredentialsTokenSource(MsalSignInOptions options, SecureString clientSecret)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (clientSecret == null || clientSecret.Length == 0) throw new ArgumentException("The client secret is empty.", nameof(clientSecret));
            Flow = "ClientSecret";
            // MSAL takes the secret as a string; it is unwrapped only here, into MSAL's own configuration.
            _app = options.Configure(ConfidentialClientApplicationBuilder.Create(options.ClientId))
                .WithClientSecret(new NetworkCredential(string.Empty, clientSecret).Password)
                .Build();
        }

        /// <summary>Signs in with a client certificate (must have its private key).</summary>
        public MsalClientCredentialsTokenSource(MsalSignInOptions options, X509Certificate2 certificate, bool sendCertificateChain = false)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (certificate == null) throw new ArgumentNullException(nameof(certificate));
            if (!certificate.HasPrivateKey)
                throw new ArgumentException($"The certificate {certificate.Thumbprint} has no private key, so it cannot sign in.", nameof(certificate));
            Flow = "ClientCertificate";
            _app = options.Configure(ConfidentialClientApplicationBuilder.Create(options.ClientId))
                .WithCertificate(certificate, sendCertificateChain)
                .Build();
        }

        /// <inheritdoc/>
        public override string Flow { get; }

        /// <inheritdoc/>
        protected override async Task<AccessToken> AcquireAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            try
            {
                var result = await _app.AcquireTokenForClient(_options.Scopes)
                    .WithForceRefresh(forceRefresh)
                    .ExecuteAsync(cancellationToken).ConfigureAwait(false);
                return new AccessToken(result.AccessToken, result.ExpiresOn);
            }
            catch (Exception ex) when (ex is MsalException || ex is System.Net.Http.HttpRequestException)
            {
                throw _options.Fail(Flow, ex);
            }
        }

        void IConnectionIdentityUser.UseConnection(Http.CdfApiClient connection) => _options.OwnFactory?.Use(connection.IdentityClient);
    }
}
