using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Auth;
using static CogniteRecords.Core.Tests.AuthMsalClientCredentialsTests;

namespace CogniteRecords.Core.Tests
{
    /// <summary>Client credentials at a generic OIDC token URL, fixed tokens, token callbacks and the toolkit's environment variables.</summary>
    public sealed class AuthOidcAndStaticTokenTests : IClassFixture<AuthTestHost>
    {
        private readonly AuthTestHost _host;

        public AuthOidcAndStaticTokenTests(AuthTestHost host) => _host = host;

        private Uri TokenUrl => new Uri(_host.BaseUrl, "/oauth2/token");

        [Fact]
        public async Task GenericTokenUrlWithAudienceAndNoScope()
        {
            var clientId = "auth0-" + Guid.NewGuid().ToString("N");
            await _host.RegisterClientAsync(clientId, secret: "a0-secret", projects: new[] { "p-auth0" });
            var source = new OidcClientCredentialsTokenSource(TokenUrl, clientId, Secure("a0-secret"), scopes: null,
                audience: "https://api.emulated.example/", httpClient: _host.Http);

            var token = await source.GetTokenAsync(false, CancellationToken.None);

            var principal = _host.Identity.ValidateAccessToken(token.Value, out var reason);
            Assert.Null(reason);
            Assert.Equal(clientId, principal!.Subject);
            Assert.Equal(new[] { "p-auth0" }, principal.Projects);
            Assert.Equal("https://api.emulated.example/", JwtClaims.ReadString(token.Value, "aud"));
            Assert.NotNull(token.ExpiresOn);
            var request = _host.Identity.TokenRequests.Single(r => r.ClientId == clientId);
            Assert.Equal("/oauth2/token", request.Path);
            Assert.Equal("https://api.emulated.example/", request.Audience);
            Assert.Null(request.Scope);
            Assert.Equal("client_secret_post", request.ClientAuthentication);
        }

        [Fact]
        public async Task GenericTokenUrlWithScopes()
        {
            var clientId = "kc-" + Guid.NewGuid().ToString("N");
            await _host.RegisterClientAsync(clientId, secret: "kc-secret");
            var source = new OidcClientCredentialsTokenSource(TokenUrl, clientId, Secure("kc-secret"),
                scopes: new[] { "https://api.emulated.cognitedata.com/.default", "extra" }, audience: null, httpClient: _host.Http);

            await source.GetTokenAsync(false, CancellationToken.None);

            var request = _host.Identity.TokenRequests.Single(r => r.ClientId == clientId);
            Assert.Equal("https://api.emulated.cognitedata.com/.default extra", request.Scope);
            Assert.Null(request.Audience);
        }

        [Fact]
        public async Task GenericWrongSecretFailsClearly()
        {
            var clientId = "oidc-wrong-" + Guid.NewGuid().ToString("N");
            await _host.RegisterClientAsync(clientId, secret: "good-one-1");
            var source = new OidcClientCredentialsTokenSource(TokenUrl, clientId, Secure("bad-one-2"), httpClient: _host.Http);

            var ex = await Assert.ThrowsAsync<CdfAuthenticationException>(() => source.GetTokenAsync(false, CancellationToken.None));

            Assert.Equal("invalid_client", ex.ErrorCode);
            Assert.Contains("(401)", ex.Message);
            Assert.Contains("Invalid client secret", ex.Message);
            Assert.DoesNotContain("bad-one-2", ex.ToString());
            Assert.DoesNotContain("good-one-1", ex.ToString());
        }

        [Fact]
        public void GenericTokenUrlOverPlainHttpIsRefusedUnlessLoopback()
        {
            var ex = Assert.Throws<ArgumentException>(() =>
                new OidcClientCredentialsTokenSource(new Uri("http://idp.example/oauth2/token"), "c", Secure("s")));
            Assert.Contains("https", ex.Message);
            Assert.Equal("OidcClientCredentials", new OidcClientCredentialsTokenSource(new Uri("http://127.0.0.1:1/oauth2/token"), "c", Secure("s")).Flow);
        }

        [Fact]
        public async Task StaticTokenReadsExpiryWarnsAndSaysPlainlyWhenExpired()
        {
            var jwt = _host.Identity.IssueAccessToken("someone", new[] { "p" }, TimeSpan.FromMinutes(2));
            var expected = _host.Identity.ValidateAccessToken(jwt, out _)!.ExpiresOn;
            var source = new StaticTokenSource(jwt);

            Assert.Equal(expected, source.ExpiresOn);
            Assert.False(source.CanRefresh);
            Assert.Contains("cannot be refreshed", source.GetExpiryWarning());
            Assert.Same((await source.GetTokenAsync(false, CancellationToken.None)).Value, jwt);

            source.Clock = () => expected!.Value.AddSeconds(1);
            Assert.Contains("expired", source.GetExpiryWarning());
            var ex = await Assert.ThrowsAsync<CdfAuthenticationException>(() => source.GetTokenAsync(true, CancellationToken.None));
            Assert.Equal("token_expired", ex.ErrorCode);
            Assert.Contains("expired at", ex.Message);
            Assert.DoesNotContain(jwt, ex.ToString());
        }

        [Fact]
        public async Task StaticTokenFarFromExpiryOrOpaqueGivesNoWarning()
        {
            var longLived = new StaticTokenSource(_host.Identity.IssueAccessToken("someone", new[] { "p" }, TimeSpan.FromHours(2)));
            Assert.Null(longLived.GetExpiryWarning());
            var opaque = new StaticTokenSource("Bearer not-a-jwt");
            Assert.Null(opaque.ExpiresOn);
            Assert.Null(opaque.GetExpiryWarning());
            Assert.Equal("not-a-jwt", (await opaque.GetTokenAsync(false, CancellationToken.None)).Value);
        }

        [Fact]
        public async Task TokenCallbackIsAskedAgainOnlyWhenNeeded()
        {
            var calls = 0;
            var source = new DelegateTokenSource(ct =>
            {
                Interlocked.Increment(ref calls);
                return Task.FromResult(_host.Identity.IssueAccessToken("cb", new[] { "p" }, TimeSpan.FromMinutes(10)));
            });
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => source.GetTokenAsync(false, CancellationToken.None))));
            Assert.Equal(1, calls);
            await source.GetTokenAsync(true, CancellationToken.None);
            Assert.Equal(2, calls);
        }

        [Fact]
        public async Task EnvironmentWithEntraShapedTokenUrlSignsInThroughMsal()
        {
            var clientId = "env-" + Guid.NewGuid().ToString("N");
            await _host.RegisterClientAsync(clientId, secret: "env-secret");
            var env = new Dictionary<string, string>
            {
                ["CDF_CLUSTER"] = "emulated", ["CDF_PROJECT"] = "proj", ["IDP_CLIENT_ID"] = clientId, ["IDP_CLIENT_SECRET"] = "env-secret",
                ["IDP_TOKEN_URL"] = new Uri(_host.BaseUrl, "/my-tenant/oauth2/v2.0/token").ToString(),
            };

            var settings = EnvironmentSignIn.Read(n => env.TryGetValue(n, out var v) ? v : null);

            Assert.Equal(EnvironmentSignInFlow.EntraClientSecret, settings.Flow);
            Assert.Equal(new Uri("https://emulated.cognitedata.com"), settings.BaseUrl);
            Assert.Equal(new[] { "https://emulated.cognitedata.com/.default" }, settings.Scopes);
            Assert.DoesNotContain("env-secret", settings.ToString());
            var source = settings.CreateTokenSource(_host.MsalHttp, _host.Http);
            Assert.IsType<MsalClientCredentialsTokenSource>(source);
            var token = await source.GetTokenAsync(false, CancellationToken.None);
            Assert.Equal(clientId, _host.Identity.ValidateAccessToken(token.Value, out _)!.Subject);
            Assert.Equal("/my-tenant/oauth2/v2.0/token", _host.Identity.TokenRequests.Single(r => r.ClientId == clientId).Path);
        }

        [Fact]
        public async Task EnvironmentWithGenericTokenUrlAndAudience()
        {
            var clientId = "env-oidc-" + Guid.NewGuid().ToString("N");
            await _host.RegisterClientAsync(clientId, secret: "env-oidc-secret");
            var env = new Dictionary<string, string>
            {
                ["CDF_URL"] = "https://emulated.example", ["CDF_PROJECT"] = "proj", ["IDP_CLIENT_ID"] = clientId,
                ["IDP_CLIENT_SECRET"] = "env-oidc-secret", ["IDP_TOKEN_URL"] = TokenUrl.ToString(), ["IDP_AUDIENCE"] = "https://aud.example",
            };

            var settings = EnvironmentSignIn.Read(n => env.TryGetValue(n, out var v) ? v : null);

            Assert.Equal(EnvironmentSignInFlow.OidcClientSecret, settings.Flow);
            Assert.Empty(settings.Scopes);
            await settings.CreateTokenSource(_host.MsalHttp, _host.Http).GetTokenAsync(false, CancellationToken.None);
            var request = _host.Identity.TokenRequests.Single(r => r.ClientId == clientId);
            Assert.Equal("https://aud.example", request.Audience);
            Assert.Null(request.Scope);
        }

        [Fact]
        public void EnvironmentPicksTokenAndTenantFlowsAndNamesWhatIsMissing()
        {
            EnvironmentSignIn Read(Dictionary<string, string> env) => EnvironmentSignIn.Read(n => env.TryGetValue(n, out var v) ? v : null);

            var token = Read(new() { ["CDF_CLUSTER"] = "c1", ["CDF_PROJECT"] = "p", ["CDF_TOKEN"] = "tok-value" });
            Assert.Equal(EnvironmentSignInFlow.AccessToken, token.Flow);
            Assert.True(token.HasToken);
            Assert.DoesNotContain("tok-value", token.ToString());
            Assert.IsType<StaticTokenSource>(token.CreateTokenSource());

            var tenant = Read(new() { ["CDF_CLUSTER"] = "c1", ["CDF_PROJECT"] = "p", ["IDP_CLIENT_ID"] = "id", ["IDP_CLIENT_SECRET"] = "s", ["IDP_TENANT_ID"] = "t-1", ["IDP_SCOPES"] = "a/.default, b" });
            Assert.Equal(EnvironmentSignInFlow.EntraClientSecret, tenant.Flow);
            Assert.Equal(new Uri("https://login.microsoftonline.com/t-1"), tenant.Authority);
            Assert.Equal(new[] { "a/.default", "b" }, tenant.Scopes);

            var ex = Assert.Throws<ArgumentException>(() => Read(new() { ["CDF_CLUSTER"] = "c1", ["IDP_CLIENT_ID"] = "id" }));
            Assert.Contains("CDF_PROJECT", ex.Message);
            Assert.Contains("IDP_CLIENT_SECRET", ex.Message);
            Assert.Contains("IDP_TENANT_ID", ex.Message);
        }
    }
}
