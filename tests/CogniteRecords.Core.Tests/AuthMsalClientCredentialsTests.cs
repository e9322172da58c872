using System;
using System.Linq;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Auth;

namespace CogniteRecords.Core.Tests
{
    /// <summary>MSAL's real confidential-client code against the emulator's Entra-style identity provider over HTTPS.</summary>
    public sealed class AuthMsalClientCredentialsTests : IClassFixture<AuthTestHost>
    {
        private const string Scope = "https://api.emulated.cognitedata.com/.default";
        private readonly AuthTestHost _host;

        public AuthMsalClientCredentialsTests(AuthTestHost host) => _host = host;

        private MsalSignInOptions Options(string clientId, string tenant = "b7a7d6a3-2f6e-4a55-9d8c-3f0e6c1d2a11") =>
            new MsalSignInOptions(clientId, tenant, new[] { Scope }, _host.BaseUrl) { HttpClientFactory = _host.MsalHttp };

        [Fact]
        public async Task ClientSecretSignsInThroughMsal()
        {
            var clientId = "secret-" + Guid.NewGuid().ToString("N");
            await _host.RegisterClientAsync(clientId, secret: "s3cret-value", projects: new[] { "proj-x" });
            var source = new MsalClientCredentialsTokenSource(Options(clientId), Secure("s3cret-value"));

            var token = await source.GetTokenAsync(false, CancellationToken.None);

            var principal = _host.Identity.ValidateAccessToken(token.Value, out var reason);
            Assert.Null(reason);
            Assert.Equal(clientId, principal!.Subject);
            Assert.Equal(new[] { "proj-x" }, principal.Projects);
            Assert.Equal(principal.ExpiresOn!.Value.ToUnixTimeSeconds(), token.ExpiresOn!.Value.ToUnixTimeSeconds(), 2.0);
            Assert.Equal("ClientSecret", source.Flow);

            var request = _host.Identity.TokenRequests.Single(r => r.ClientId == clientId);
            Assert.Equal("/b7a7d6a3-2f6e-4a55-9d8c-3f0e6c1d2a11/oauth2/v2.0/token", request.Path);
            Assert.Equal("client_credentials", request.GrantType);
            Assert.Equal("client_secret_post", request.ClientAuthentication);
            Assert.Equal(Scope, request.Scope);
        }

        [Fact]
        public async Task MsalTokenReachesItsProjectThroughTheApiAndNoOther()
        {
            var clientId = "api-" + Guid.NewGuid().ToString("N");
            await _host.RegisterClientAsync(clientId, secret: "api-secret", projects: new[] { AuthTestHost.Project });
            var source = new MsalClientCredentialsTokenSource(Options(clientId), Secure("api-secret"));
            var token = await source.GetTokenAsync(false, CancellationToken.None);

            using var inspect = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, "/api/v1/token/inspect");
            inspect.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Value);
            using var response = await _host.Http.SendAsync(inspect);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            using var json = System.Text.Json.JsonDocument.Parse(body);
            Assert.Equal(clientId, json.RootElement.GetProperty("subject").GetString());
            Assert.Equal(AuthTestHost.Project, json.RootElement.GetProperty("projects")[0].GetProperty("projectUrlName").GetString());

            using var other = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, "/api/v1/projects/other-project/streams");
            other.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Value);
            using var forbidden = await _host.Http.SendAsync(other);
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        [Fact]
        public async Task ClientCertificateSignsInWithASignedAssertion()
        {
            var clientId = "cert-" + Guid.NewGuid().ToString("N");
            using var certificate = NewClientCertificate();
            await _host.RegisterClientAsync(clientId, certificatePem: certificate.ExportCertificatePem());
            var source = new MsalClientCredentialsTokenSource(Options(clientId), certificate);

            var token = await source.GetTokenAsync(false, CancellationToken.None);

            Assert.Equal(clientId, _host.Identity.ValidateAccessToken(token.Value, out _)!.Subject);
            Assert.Equal("ClientCertificate", source.Flow);
            var request = _host.Identity.TokenRequests.Single(r => r.ClientId == clientId);
            Assert.Equal("client_assertion", request.ClientAuthentication);
            Assert.Null(request.Error);
        }

        [Fact]
        public async Task CertificateOtherThanTheRegisteredOneIsRefused()
        {
            var clientId = "cert-wrong-" + Guid.NewGuid().ToString("N");
            using var registered = NewClientCertificate();
            using var other = NewClientCertificate();
            await _host.RegisterClientAsync(clientId, certificatePem: registered.ExportCertificatePem());
            var source = new MsalClientCredentialsTokenSource(Options(clientId), other);

            var ex = await Assert.ThrowsAsync<CdfAuthenticationException>(() => source.GetTokenAsync(false, CancellationToken.None));

            Assert.Equal("invalid_client", ex.ErrorCode);
            Assert.Contains("not signed by the certificate registered", ex.Message);
        }

        [Fact]
        public async Task WrongSecretFailsClearlyWithoutShowingTheSecret()
        {
            var clientId = "wrong-" + Guid.NewGuid().ToString("N");
            await _host.RegisterClientAsync(clientId, secret: "right-secret-123");
            var source = new MsalClientCredentialsTokenSource(Options(clientId), Secure("wrong-secret-456"));

            var ex = await Assert.ThrowsAsync<CdfAuthenticationException>(() => source.GetTokenAsync(false, CancellationToken.None));

            Assert.Equal("invalid_client", ex.ErrorCode);
            Assert.Contains("Invalid client secret", ex.Message);
            Assert.Contains(clientId, ex.Message);
            Assert.DoesNotContain("wrong-secret-456", ex.ToString());
            Assert.DoesNotContain("right-secret-123", ex.ToString());
        }

        [Fact]
        public async Task UnknownTenantlessAuthorityAndHttpAreRefusedBeforeAnyRequest()
        {
            Assert.Throws<ArgumentException>(() => new MsalSignInOptions("c", null, new[] { Scope }, _host.BaseUrl));
            var http = new UriBuilder(_host.BaseUrl) { Scheme = "http" }.Uri;
            var ex = Assert.Throws<ArgumentException>(() => new MsalSignInOptions("c", "t", new[] { Scope }, http));
            Assert.Contains("https", ex.Message);
            await Task.CompletedTask;
        }

        [Fact]
        public async Task TlsValidationStaysOnWithoutTheTestsTrust()
        {
            var clientId = "tls-" + Guid.NewGuid().ToString("N");
            await _host.RegisterClientAsync(clientId, secret: "x-secret");
            // MSAL's own HttpClient: the system trust store does not hold the emulator's self-signed certificate.
            var options = new MsalSignInOptions(clientId, "tls-tenant", new[] { Scope }, _host.BaseUrl);
            var source = new MsalClientCredentialsTokenSource(options, Secure("x-secret"));

            var ex = await Assert.ThrowsAsync<CdfAuthenticationException>(() => source.GetTokenAsync(false, CancellationToken.None));

            Assert.DoesNotContain(_host.Identity.TokenRequests, r => r.ClientId == clientId);
            Assert.Contains("failed", ex.Message);
        }

        [Fact]
        public async Task ParallelCallersShareOneAcquisitionAndARejectionRefreshesOnce()
        {
            var clientId = "parallel-" + Guid.NewGuid().ToString("N");
            await _host.RegisterClientAsync(clientId, secret: "p-secret");
            var source = new MsalClientCredentialsTokenSource(Options(clientId), Secure("p-secret"));

            var first = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => source.GetTokenAsync(false, CancellationToken.None))));
            Assert.Single(first.Select(t => t.Value).Distinct());
            Assert.Equal(1, source.AcquireCount);

            // All eight got a 401 with the same token: one forced refresh, and all take the new token.
            var rejected = first[0];
            var second = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => source.GetTokenAfterRejectionAsync(rejected, CancellationToken.None))));
            Assert.Single(second.Select(t => t.Value).Distinct());
            Assert.NotEqual(rejected.Value, second[0].Value);
            Assert.Equal(2, source.AcquireCount);
            Assert.Equal(2, _host.Identity.TokenRequests.Count(r => r.ClientId == clientId));
        }

        [Fact]
        public async Task ForcedRefreshesWithoutTheRefusedTokenAreNotRepeatedWithinTheWindow()
        {
            var clientId = "window-" + Guid.NewGuid().ToString("N");
            await _host.RegisterClientAsync(clientId, secret: "w-secret");
            var source = new MsalClientCredentialsTokenSource(Options(clientId), Secure("w-secret"));
            var now = DateTimeOffset.UtcNow;
            source.Clock = () => now;
            await source.GetTokenAsync(false, CancellationToken.None);

            // Eight 401s, each followed by GetTokenAsync(true), arriving one after another: one forced refresh.
            for (var i = 0; i < 8; i++) await source.GetTokenAsync(true, CancellationToken.None);
            Assert.Equal(2, source.AcquireCount);

            // After the window a forced refresh happens again.
            source.Clock = () => now + CachedTokenSource.ForcedRefreshWindow;
            await source.GetTokenAsync(true, CancellationToken.None);
            Assert.Equal(3, source.AcquireCount);
            Assert.Equal(3, _host.Identity.TokenRequests.Count(r => r.ClientId == clientId));
        }

        [Fact]
        public async Task ForcedRefreshBypassesMsalsCache()
        {
            var clientId = "force-" + Guid.NewGuid().ToString("N");
            await _host.RegisterClientAsync(clientId, secret: "f-secret");
            var source = new MsalClientCredentialsTokenSource(Options(clientId), Secure("f-secret"));

            var a = await source.GetTokenAsync(false, CancellationToken.None);
            var b = await source.GetTokenAsync(true, CancellationToken.None);

            Assert.NotEqual(a.Value, b.Value);
            Assert.Equal(2, _host.Identity.TokenRequests.Count(r => r.ClientId == clientId));
        }

        [Fact]
        public async Task TokenIsRefreshedOnlyWithinTheLeewayOfItsExpiry()
        {
            var clientId = "leeway-" + Guid.NewGuid().ToString("N");
            await _host.RegisterClientAsync(clientId, secret: "l-secret");
            var source = new MsalClientCredentialsTokenSource(Options(clientId), Secure("l-secret"));
            var now = DateTimeOffset.UtcNow;
            source.Clock = () => now;

            var a = await source.GetTokenAsync(false, CancellationToken.None);
            var expires = a.ExpiresOn!.Value;

            source.Clock = () => expires - CachedTokenSource.RefreshLeeway - TimeSpan.FromSeconds(1);
            var b = await source.GetTokenAsync(false, CancellationToken.None);
            Assert.Same(a, b);
            Assert.Equal(1, source.AcquireCount);

            // Inside the leeway: a new acquisition (MSAL's own cache also treats a token this close to expiry as stale).
            source.Clock = () => expires - CachedTokenSource.RefreshLeeway + TimeSpan.FromSeconds(1);
            var c = await source.GetTokenAsync(false, CancellationToken.None);
            Assert.Equal(2, source.AcquireCount);
            Assert.NotSame(a, c);
        }

        internal static SecureString Secure(string value)
        {
            var s = new SecureString();
            foreach (var c in value) s.AppendChar(c);
            s.MakeReadOnly();
            return s;
        }

        internal static X509Certificate2 NewClientCertificate()
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=CogniteRecords test client", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
            return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
        }
    }
}
