using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>The identity provider's endpoints over HTTPS, as any OAuth client sees them (raw HTTP, no MSAL).</summary>
    public sealed class IdentityProviderTests : IClassFixture<IdentityProviderTests.Host>
    {
        public sealed class Host : IAsyncLifetime
        {
            private WebApplication? _app;
            public IdentityOptions Options { get; } = new IdentityOptions();
            public EmulatorIdentity Identity { get; private set; } = null!;
            public HttpClient Http { get; private set; } = null!;

            public async Task InitializeAsync()
            {
                Options.Projects.Add("default-project");
                Options.Clients.Add(RegisteredClient.Parse("cli-client:cli-secret"));
                Identity = new EmulatorIdentity(Options);
                var builder = WebApplication.CreateSlimBuilder();
                builder.Logging.ClearProviders();
                builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(Identity.HttpsCertificate)));
                _app = builder.Build();
                Identity.MapEndpoints(_app);
                await _app.StartAsync();
                var url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
                Http = new HttpClient(IdentityHttpsTests.TrustOnly(Identity.HttpsCertificate)) { BaseAddress = new Uri(url) };
            }

            public async Task DisposeAsync()
            {
                Http.Dispose();
                if (_app != null) await _app.DisposeAsync();
                Identity.Dispose();
            }
        }

        private readonly Host _host;
        private HttpClient Http => _host.Http;

        public IdentityProviderTests(Host host) => _host = host;

        private async Task<string> NewClientAsync(string prefix, string? secret = null, string[]? projects = null)
        {
            var id = prefix + "-" + Guid.NewGuid().ToString("N");
            using var r = await Http.PostAsJsonAsync("/_emulator/clients", new { clientId = id, clientSecret = secret, projects });
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            return id;
        }

        private async Task<(HttpStatusCode Status, JsonElement Body)> PostFormAsync(string path, Dictionary<string, string> form, AuthenticationHeaderValue? auth = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Authorization = auth;
            using var response = await Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
        }

        private static JsonElement JwtPayload(string jwt)
        {
            var p = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
            p = p.PadRight(p.Length + (4 - p.Length % 4) % 4, '=');
            return JsonDocument.Parse(Convert.FromBase64String(p)).RootElement.Clone();
        }

        [Fact]
        public async Task EntraDiscoveryPointsAtTheTenantsEndpointsAndJwks()
        {
            var doc = await Http.GetFromJsonAsync<JsonElement>("/my-tenant/v2.0/.well-known/openid-configuration");
            var b = Http.BaseAddress!.ToString().TrimEnd('/');
            Assert.Equal(b + "/my-tenant/v2.0", doc.GetProperty("issuer").GetString());
            Assert.Equal(b + "/my-tenant/oauth2/v2.0/token", doc.GetProperty("token_endpoint").GetString());
            Assert.Equal(b + "/my-tenant/oauth2/v2.0/devicecode", doc.GetProperty("device_authorization_endpoint").GetString());
            var jwks = await Http.GetFromJsonAsync<JsonElement>(doc.GetProperty("jwks_uri").GetString());
            Assert.Equal(_host.Identity.SigningKeyId, jwks.GetProperty("keys")[0].GetProperty("kid").GetString());
        }

        [Fact]
        public async Task GenericDiscoveryAtTheRoot()
        {
            var doc = await Http.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
            var b = Http.BaseAddress!.ToString().TrimEnd('/');
            Assert.Equal(b, doc.GetProperty("issuer").GetString());
            Assert.Equal(b + "/oauth2/token", doc.GetProperty("token_endpoint").GetString());
            Assert.Contains("client_credentials", doc.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()));
        }

        [Fact]
        public async Task ClientFromOptionsAuthenticatesWithBasicHeader()
        {
            var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("cli-client:cli-secret")));
            var (status, body) = await PostFormAsync("/oauth2/token", new() { ["grant_type"] = "client_credentials" }, basic);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
            var principal = _host.Identity.ValidateAccessToken(body.GetProperty("access_token").GetString()!, out _);
            Assert.Equal("cli-client", principal!.Subject);
            Assert.Equal(new[] { "default-project" }, principal.Projects);
            Assert.Equal("client_secret_basic", _host.Identity.TokenRequests.Last(r => r.ClientId == "cli-client").ClientAuthentication);
        }

        [Theory]
        [InlineData("/oauth2/token")]
        [InlineData("/t1/oauth2/v2.0/token")]
        public async Task OAuthErrorsAreInTheStandardShape(string path)
        {
            var id = await NewClientAsync("errs", "the-secret");
            var scope = "https://x.example/.default";

            var (s1, b1) = await PostFormAsync(path, new() { ["grant_type"] = "client_credentials", ["client_id"] = id, ["client_secret"] = "nope", ["scope"] = scope });
            Assert.Equal(HttpStatusCode.Unauthorized, s1);
            Assert.Equal("invalid_client", b1.GetProperty("error").GetString());
            Assert.Contains("Invalid client secret", b1.GetProperty("error_description").GetString());

            var (s2, b2) = await PostFormAsync(path, new() { ["grant_type"] = "client_credentials", ["client_id"] = "nobody", ["client_secret"] = "x" });
            Assert.Equal(HttpStatusCode.Unauthorized, s2);
            Assert.Contains("'nobody' was not found", b2.GetProperty("error_description").GetString());

            var (s3, b3) = await PostFormAsync(path, new() { ["client_id"] = id });
            Assert.Equal(HttpStatusCode.BadRequest, s3);
            Assert.Contains("grant_type", b3.GetProperty("error_description").GetString());

            var (s4, b4) = await PostFormAsync(path, new() { ["grant_type"] = "password", ["client_id"] = id, ["client_secret"] = "the-secret" });
            Assert.Equal(HttpStatusCode.BadRequest, s4);
            Assert.Equal("unsupported_grant_type", b4.GetProperty("error").GetString());

            using var json = await Http.PostAsJsonAsync(path, new { grant_type = "client_credentials" });
            Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);

            // The request log says what was sent, never the secret.
            var log = await Http.GetStringAsync("/_emulator/identity/requests");
            Assert.Contains(id, log);
            Assert.DoesNotContain("the-secret", log);
            Assert.DoesNotContain("nope", log);
        }

        [Fact]
        public async Task EntraClientCredentialsNeedsOneDefaultScopeWhichBecomesTheAudience()
        {
            var id = await NewClientAsync("scope", "sc");
            var (bad, badBody) = await PostFormAsync("/t2/oauth2/v2.0/token", new() { ["grant_type"] = "client_credentials", ["client_id"] = id, ["client_secret"] = "sc", ["scope"] = "https://x.example/read" });
            Assert.Equal(HttpStatusCode.BadRequest, bad);
            Assert.Equal("invalid_scope", badBody.GetProperty("error").GetString());

            var (ok, body) = await PostFormAsync("/t2/oauth2/v2.0/token", new() { ["grant_type"] = "client_credentials", ["client_id"] = id, ["client_secret"] = "sc", ["scope"] = "https://x.example/.default" });
            Assert.Equal(HttpStatusCode.OK, ok);
            var claims = JwtPayload(body.GetProperty("access_token").GetString()!);
            Assert.Equal("https://x.example", claims.GetProperty("aud").GetString());
            Assert.EndsWith("/t2/v2.0", claims.GetProperty("iss").GetString());
            Assert.Equal(id, claims.GetProperty("azp").GetString());
        }

        [Fact]
        public async Task DeviceCodeIsPendingUntilApprovedThenGivesUserTokensAndRefreshTokensAreSingleUse()
        {
            var id = await NewClientAsync("device");
            var (s, code) = await PostFormAsync("/dev-tenant/oauth2/v2.0/devicecode", new() { ["client_id"] = id, ["scope"] = "https://x.example/.default openid offline_access profile" });
            Assert.Equal(HttpStatusCode.OK, s);
            var userCode = code.GetProperty("user_code").GetString()!;
            var deviceCode = code.GetProperty("device_code").GetString()!;
            Assert.Contains(userCode, code.GetProperty("message").GetString());
            Assert.True(code.GetProperty("interval").GetInt32() >= 0);
            var poll = new Dictionary<string, string> { ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code", ["client_id"] = id, ["device_code"] = deviceCode };

            var (pending, pendingBody) = await PostFormAsync("/dev-tenant/oauth2/v2.0/token", poll);
            Assert.Equal(HttpStatusCode.BadRequest, pending);
            Assert.Equal("authorization_pending", pendingBody.GetProperty("error").GetString());

            // The admin listing shows the user code but never the device code (which redeems tokens).
            var listing = await Http.GetStringAsync("/_emulator/devicecode");
            Assert.Contains(userCode, listing);
            Assert.DoesNotContain(deviceCode, listing);

            using (var wrong = await Http.PostAsJsonAsync("/_emulator/devicecode/approve", new { userCode = "NOPE" }))
                Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
            using (var approve = await Http.PostAsJsonAsync("/_emulator/devicecode/approve", new { userCode, user = "grace@example.org" }))
                Assert.Equal(HttpStatusCode.OK, approve.StatusCode);

            var (ok, tokens) = await PostFormAsync("/dev-tenant/oauth2/v2.0/token", poll);
            Assert.Equal(HttpStatusCode.OK, ok);
            Assert.Equal("grace@example.org", _host.Identity.ValidateAccessToken(tokens.GetProperty("access_token").GetString()!, out _)!.Subject);
            var idToken = JwtPayload(tokens.GetProperty("id_token").GetString()!);
            Assert.Equal(id, idToken.GetProperty("aud").GetString());
            Assert.Equal("grace@example.org", idToken.GetProperty("preferred_username").GetString());
            var clientInfo = JwtPayload("x." + tokens.GetProperty("client_info").GetString() + ".y");
            Assert.Equal(idToken.GetProperty("oid").GetString(), clientInfo.GetProperty("uid").GetString());
            Assert.Equal(idToken.GetProperty("tid").GetString(), clientInfo.GetProperty("utid").GetString());
            // An id_token is not an access token, though the same key signs it.
            Assert.Null(_host.Identity.ValidateAccessToken(tokens.GetProperty("id_token").GetString()!, out var why));
            Assert.Equal("not an access token", why);

            var (again, againBody) = await PostFormAsync("/dev-tenant/oauth2/v2.0/token", poll);
            Assert.Equal(HttpStatusCode.BadRequest, again);
            Assert.Equal("invalid_grant", againBody.GetProperty("error").GetString());

            var refresh = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["client_id"] = id, ["refresh_token"] = tokens.GetProperty("refresh_token").GetString()! };
            var (r1, refreshed) = await PostFormAsync("/dev-tenant/oauth2/v2.0/token", refresh);
            Assert.Equal(HttpStatusCode.OK, r1);
            Assert.NotEqual(tokens.GetProperty("refresh_token").GetString(), refreshed.GetProperty("refresh_token").GetString());
            var (r2, reused) = await PostFormAsync("/dev-tenant/oauth2/v2.0/token", refresh);
            Assert.Equal(HttpStatusCode.BadRequest, r2);
            Assert.Equal("invalid_grant", reused.GetProperty("error").GetString());
        }

        [Fact]
        public async Task DeviceCodeExpiresAndCanBeDenied()
        {
            var id = await NewClientAsync("device-exp");
            var (_, denied) = await PostFormAsync("/oauth2/device/code", new() { ["client_id"] = id });
            Assert.True(_host.Identity.DenyDeviceCode(denied.GetProperty("user_code").GetString()!));
            var (s1, b1) = await PostFormAsync("/oauth2/token", new() { ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code", ["client_id"] = id, ["device_code"] = denied.GetProperty("device_code").GetString()! });
            Assert.Equal(HttpStatusCode.BadRequest, s1);
            Assert.Equal("access_denied", b1.GetProperty("error").GetString());

            var (_, code) = await PostFormAsync("/oauth2/device/code", new() { ["client_id"] = id });
            var userCode = code.GetProperty("user_code").GetString()!;
            var clock = _host.Identity.Clock;
            try
            {
                _host.Identity.Clock = () => DateTimeOffset.UtcNow + _host.Identity.DeviceCodeLifetime + TimeSpan.FromSeconds(1);
                Assert.False(_host.Identity.ApproveDeviceCode(userCode));
                var (s2, b2) = await PostFormAsync("/oauth2/token", new() { ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code", ["client_id"] = id, ["device_code"] = code.GetProperty("device_code").GetString()! });
                Assert.Equal(HttpStatusCode.BadRequest, s2);
                Assert.Equal("expired_token", b2.GetProperty("error").GetString());
            }
            finally
            {
                _host.Identity.Clock = clock;
            }
        }

        [Fact]
        public async Task AuthorizationCodeNeedsALoopbackRedirectAndTheRightPkceVerifier()
        {
            var id = await NewClientAsync("authcode");
            var handler = IdentityHttpsTests.TrustOnly(_host.Identity.HttpsCertificate);
            handler.AllowAutoRedirect = false;
            using var browser = new HttpClient(handler) { BaseAddress = Http.BaseAddress };

            using (var evil = await browser.GetAsync($"/t3/oauth2/v2.0/authorize?client_id={id}&response_type=code&redirect_uri=https%3A%2F%2Fevil.example%2Fcb"))
            {
                Assert.Equal(HttpStatusCode.BadRequest, evil.StatusCode);
                Assert.Contains("loopback", await evil.Content.ReadAsStringAsync());
            }

            const string verifier = "a-verifier-of-sufficient-length-0123456789abcdefghijkl";
            var challenge = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            const string redirect = "http://localhost:7777/cb";
            async Task<string> CodeAsync()
            {
                using var r = await browser.GetAsync($"/t3/oauth2/v2.0/authorize?client_id={id}&response_type=code&state=xyz&login_hint=lin%40example.org" +
                    $"&redirect_uri={Uri.EscapeDataString(redirect)}&code_challenge={challenge}&code_challenge_method=S256&scope=https%3A%2F%2Fx.example%2F.default");
                Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
                var location = r.Headers.Location!;
                Assert.StartsWith(redirect + "?", location.ToString());
                var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query);
                Assert.Equal("xyz", query["state"].ToString());
                return query["code"].ToString();
            }
            Dictionary<string, string> Redeem(string code, string v) => new()
            {
                ["grant_type"] = "authorization_code", ["client_id"] = id, ["code"] = code, ["redirect_uri"] = redirect, ["code_verifier"] = v,
            };

            var (bad, badBody) = await PostFormAsync("/t3/oauth2/v2.0/token", Redeem(await CodeAsync(), verifier + "x"));
            Assert.Equal(HttpStatusCode.BadRequest, bad);
            Assert.Contains("PKCE", badBody.GetProperty("error_description").GetString());

            var code = await CodeAsync();
            var (ok, tokens) = await PostFormAsync("/t3/oauth2/v2.0/token", Redeem(code, verifier));
            Assert.Equal(HttpStatusCode.OK, ok);
            Assert.Equal("lin@example.org", _host.Identity.ValidateAccessToken(tokens.GetProperty("access_token").GetString()!, out _)!.Subject);
            var (again, _) = await PostFormAsync("/t3/oauth2/v2.0/token", Redeem(code, verifier));
            Assert.Equal(HttpStatusCode.BadRequest, again);
        }

        [Fact]
        public async Task AdminCallsRefuseBadInputAndNeverListSecrets()
        {
            using (var noId = await Http.PostAsJsonAsync("/_emulator/clients", new { clientSecret = "x" }))
            {
                Assert.Equal(HttpStatusCode.BadRequest, noId.StatusCode);
                Assert.Contains("clientId", await noId.Content.ReadAsStringAsync());
            }
            using (var badPem = await Http.PostAsJsonAsync("/_emulator/clients", new { clientId = "pem", certificatePem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----" }))
            {
                Assert.Equal(HttpStatusCode.BadRequest, badPem.StatusCode);
                Assert.Contains("certificatePem", await badPem.Content.ReadAsStringAsync());
            }
            using (var notJson = await Http.PostAsync("/_emulator/clients", new StringContent("{", Encoding.UTF8, "application/json")))
                Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);

            var id = await NewClientAsync("listed", "listed-secret-value");
            var clients = await Http.GetStringAsync("/_emulator/clients");
            Assert.Contains(id, clients);
            Assert.DoesNotContain("listed-secret-value", clients);
            Assert.DoesNotContain("cli-secret", clients);
        }

        [Fact]
        public async Task TokenLifetimeCanBeChangedAtRunTime()
        {
            var id = await NewClientAsync("lifetime", "lt");
            var before = _host.Options.TokenLifetime;
            try
            {
                using (var set = await Http.PostAsJsonAsync("/_emulator/identity/settings", new { tokenLifetimeSeconds = 60 }))
                    Assert.Equal(HttpStatusCode.OK, set.StatusCode);
                var (_, body) = await PostFormAsync("/oauth2/token", new() { ["grant_type"] = "client_credentials", ["client_id"] = id, ["client_secret"] = "lt" });
                Assert.Equal(60, body.GetProperty("expires_in").GetInt64());
                var token = body.GetProperty("access_token").GetString()!;
                var exp = _host.Identity.ValidateAccessToken(token, out _)!.ExpiresOn!.Value;

                var clock = _host.Identity.Clock;
                _host.Identity.Clock = () => exp;
                Assert.Null(_host.Identity.ValidateAccessToken(token, out var reason));
                Assert.Equal("token expired", reason);
                _host.Identity.Clock = clock;

                using var bad = await Http.PostAsJsonAsync("/_emulator/identity/settings", new { tokenLifetimeSeconds = 0 });
                Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            }
            finally
            {
                _host.Options.TokenLifetime = before;
            }
        }

        [Fact]
        public void TrustBundleHoldsTheEmulatorCertificate()
        {
            var path = System.IO.Path.GetTempFileName();
            try
            {
                _host.Identity.WriteTrustBundle(path);
                var text = System.IO.File.ReadAllText(path);
                Assert.EndsWith(_host.Identity.CertificatePem, text);
            }
            finally
            {
                System.IO.File.Delete(path);
            }
        }
    }
}
