using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Auth;
using CogniteRecords.Core.Http;
using Microsoft.AspNetCore.Http;

namespace CogniteRecords.Core.Tests
{
    /// <summary>
    /// Issue 18, case 2: identity requests (the OIDC token post and MSAL) follow no redirect, so a client secret never
    /// reaches the address a token endpoint redirects to; the error names the redirect. The OIDC post goes through the
    /// connection's HTTP stack: its retries and its User-Agent.
    /// </summary>
    [Collection("hostile")]
    public sealed class IdentityRedirectTests
    {
        private static SecureString Secret()
        {
            var s = new SecureString();
            foreach (var c in "client-secret-value-42") s.AppendChar(c);
            return s;
        }

        private static Task Redirect(HttpContext ctx, string location, int status = 307)
        {
            ctx.Response.StatusCode = status;
            ctx.Response.Headers.Location = location;
            return Task.CompletedTask;
        }

        private static CdfApiClient Connection(Uri baseUrl, ITokenSource tokens) =>
            new CdfApiClient(new CdfClientOptions { BaseUrl = baseUrl, Project = "p", UserAgent = "CogniteRecords-Test/9.9", RetryDelay = TimeSpan.FromMilliseconds(20) }, tokens);

        [Theory]
        [InlineData(307, "http://127.0.0.1:{0}/steal")]
        [InlineData(308, "http://127.0.0.1:{0}/steal")]
        [InlineData(302, "/elsewhere")]
        public async Task The_OIDC_token_post_follows_no_redirect_and_names_it(int status, string location)
        {
            await using var thief = await HostileServer.StartAsync((ctx, n) => HostileServer.Json(ctx, "{\"access_token\":\"stolen\",\"expires_in\":3600}"));
            var target = string.Format(location, thief.BaseUrl.Port);
            await using var idp = await HostileServer.StartAsync((ctx, n) => Redirect(ctx, target, status));
            var tokens = new OidcClientCredentialsTokenSource(new Uri(idp.BaseUrl, "/oauth2/token"), "client", Secret());
            using var connection = Connection(thief.BaseUrl, tokens);

            var e = await Assert.ThrowsAsync<CdfAuthenticationException>(() => tokens.GetTokenAsync(false, CancellationToken.None));
            Assert.Equal("redirect_refused", e.ErrorCode);
            Assert.Contains(status.ToString(), e.Message);
            Assert.Contains(target.StartsWith("/") ? new Uri(idp.BaseUrl, target).GetLeftPart(UriPartial.Path) : target, e.Message);
            Assert.DoesNotContain("client-secret-value-42", e.ToString());
            Assert.Equal(1, idp.Requests);     // not retried
            Assert.Equal(0, thief.Requests);   // the secret went nowhere else
        }

        [Fact]
        public async Task An_identity_provider_echoing_the_secret_in_its_error_does_not_get_it_shown()
        {
            await using var idp = await HostileServer.StartAsync((ctx, n) =>
                HostileServer.Json(ctx, "{\"error\":\"invalid_client\",\"error_description\":\"bad secret client-secret-value-42\"}", 401));
            var tokens = new OidcClientCredentialsTokenSource(new Uri(idp.BaseUrl, "/oauth2/token"), "client", Secret());
            using var connection = Connection(idp.BaseUrl, tokens);
            var e = await Assert.ThrowsAsync<CdfAuthenticationException>(() => tokens.GetTokenAsync(false, CancellationToken.None));
            Assert.Contains("invalid_client", e.Message);
            Assert.Contains(Redaction.Placeholder, e.Message);
            Assert.DoesNotContain("client-secret-value-42", e.Message);
        }

        [Theory]
        [InlineData(200, false)]
        [InlineData(200, true)]
        [InlineData(400, false)]
        public async Task A_huge_token_answer_is_refused_at_the_cap_without_reading_it_whole(int status, bool declareLength)
        {
            // 64 MiB streamed by the server (never allocated there): 64 times the cap.
            const long huge = 64L * 1024 * 1024;
            await using var idp = await HostileServer.StartAsync((ctx, n) =>
                HostileServer.Stream(ctx, status, status == 200 ? "{\"access_token\":\"" : "{\"error\":\"invalid_client\",\"error_description\":\"", huge, "\"}", declareLength: declareLength));
            var tokens = new OidcClientCredentialsTokenSource(new Uri(idp.BaseUrl, "/oauth2/token"), "client", Secret());
            using var connection = Connection(idp.BaseUrl, tokens);
            var before = GC.GetTotalAllocatedBytes(true);
            var e = await Assert.ThrowsAsync<CdfAuthenticationException>(() => tokens.GetTokenAsync(false, CancellationToken.None));
            var allocated = GC.GetTotalAllocatedBytes(true) - before;
            Assert.Equal("invalid_response", e.ErrorCode);
            Assert.Contains("more than 1,048,576 bytes", e.Message);
            Assert.Contains(idp.BaseUrl.Authority, e.Message);
            Assert.Equal(1, idp.Requests);                        // not retried: it would be as large again
            Assert.InRange(allocated, 0, 16L * 1024 * 1024);      // reading 64 MiB as text would allocate over 128 MiB
        }

        [Fact]
        public async Task The_OIDC_token_post_uses_the_connections_retries_and_User_Agent()
        {
            await using var idp = await HostileServer.StartAsync((ctx, n) => n == 1
                ? HostileServer.Json(ctx, "{\"error\":\"temporarily_unavailable\"}", 503)
                : HostileServer.Json(ctx, "{\"access_token\":\"fresh-token\",\"expires_in\":3600}"));
            var tokens = new OidcClientCredentialsTokenSource(new Uri(idp.BaseUrl, "/oauth2/token"), "client", Secret());
            using var connection = Connection(idp.BaseUrl, tokens);

            var token = await tokens.GetTokenAsync(false, CancellationToken.None);
            Assert.Equal("fresh-token", token.Value);
            Assert.Equal(2, idp.Requests);
            Assert.All(idp.UserAgents, ua => Assert.Contains("CogniteRecords-Test/9.9", ua));
        }

        [Fact]
        public async Task MSAL_client_secret_sign_in_follows_no_redirect()
        {
            using var certificate = HostileServer.LoopbackCertificate();
            await using var thief = await HostileServer.StartAsync((ctx, n) => HostileServer.Json(ctx, "{\"access_token\":\"stolen\",\"token_type\":\"Bearer\",\"expires_in\":3600}"), certificate);
            var target = new Uri(thief.BaseUrl, "/tenant/oauth2/v2.0/token").ToString();
            await using var idp = await HostileServer.StartAsync((ctx, n) => Redirect(ctx, target), certificate);

            // The test trusts exactly its certificate; the guard is the product's.
            var handler = AuthTestHost.TrustOnly(certificate);
            handler.AllowAutoRedirect = false;
            using var identity = IdentityHttp.CreateClient(handler);
            var options = new MsalSignInOptions("client", null, new[] { "https://example.invalid/.default" }, new Uri(idp.BaseUrl, "/tenant"))
            {
                HttpClientFactory = new IdentityMsalHttpClientFactory(identity),
            };
            var tokens = new MsalClientCredentialsTokenSource(options, Secret());

            var e = await Assert.ThrowsAsync<CdfAuthenticationException>(() => tokens.GetTokenAsync(false, CancellationToken.None));
            Assert.Contains("307", e.Message);
            Assert.Contains(thief.BaseUrl.GetLeftPart(UriPartial.Authority), e.Message);
            Assert.DoesNotContain("client-secret-value-42", e.ToString());
            Assert.InRange(idp.Requests, 1, 2);
            Assert.Equal(0, thief.Requests);
        }

        [Fact]
        public void An_identity_request_to_plain_http_elsewhere_is_refused_before_it_is_sent()
        {
            using var identity = IdentityHttp.CreateClient(new HttpClientHandler { AllowAutoRedirect = false });
            var e = Assert.ThrowsAny<HttpRequestException>(() => identity.PostAsync("http://idp.example/token", new StringContent("client_secret=x")).GetAwaiter().GetResult());
            Assert.Contains("https", e.Message);
        }
    }
}
