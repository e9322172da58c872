using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Auth;

namespace CogniteRecords.Core.Tests
{
    /// <summary>
    /// MSAL's real public-client code: device code (completed by the test through the emulator's admin call), silent sign-in
    /// from the persisted cache in a new application instance, refresh-token use, and sign-out.
    /// </summary>
    public sealed class AuthDeviceCodeTests : IClassFixture<AuthTestHost>, IDisposable
    {
        private const string Scope = "https://api.emulated.cognitedata.com/.default";
        private const string Tenant = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
        private readonly AuthTestHost _host;
        private readonly string _cacheDir = Path.Combine(Path.GetTempPath(), "cr-auth-" + Guid.NewGuid().ToString("N"));

        private readonly Xunit.Abstractions.ITestOutputHelper _output;

        public AuthDeviceCodeTests(AuthTestHost host, Xunit.Abstractions.ITestOutputHelper output)
        {
            _host = host;
            _output = output;
        }

        public void Dispose()
        {
            if (Directory.Exists(_cacheDir)) Directory.Delete(_cacheDir, true);
        }

        private MsalSignInOptions Options(string clientId) =>
            new MsalSignInOptions(clientId, Tenant, new[] { Scope }, _host.BaseUrl) { HttpClientFactory = _host.MsalHttp };

        /// <summary>A device-code callback that, like a user at another device, approves the code through the emulator.</summary>
        private Func<DeviceCodePrompt, CancellationToken, Task> ApprovingUser(string user, Action<DeviceCodePrompt> seen) => async (prompt, ct) =>
        {
            seen(prompt);
            using var response = await _host.Http.PostAsJsonAsync("/_emulator/devicecode/approve", new { userCode = prompt.UserCode, user }, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        };

        [Fact]
        public async Task DeviceCodeSignInIsCachedAndReusedSilentlyByANewInstance()
        {
            var clientId = "public-" + Guid.NewGuid().ToString("N");
            await _host.RegisterClientAsync(clientId);
            var store = await MsalTokenCacheStore.OpenAsync(_cacheDir);
            DeviceCodePrompt? prompt = null;
            var first = new MsalPublicClientTokenSource(Options(clientId), PublicClientSignIn.DeviceCode,
                ApprovingUser("ada@example.org", p => prompt = p), store);

            var token = await first.GetTokenAsync(false, CancellationToken.None);

            Assert.NotNull(prompt);
            Assert.Contains(prompt!.UserCode, prompt.Message);
            Assert.StartsWith(_host.BaseUrl.ToString().TrimEnd('/'), prompt.VerificationUrl);
            var principal = _host.Identity.ValidateAccessToken(token.Value, out var reason);
            Assert.Null(reason);
            Assert.Equal("ada@example.org", principal!.Subject);
            Assert.Equal("ada@example.org", first.Username);
            Assert.False(first.LastAcquiredSilently);
            Assert.True(File.Exists(store.FilePath));
            Assert.DoesNotContain(token.Value, await ReadShared(store.FilePath) is var text && store.IsEncrypted ? text : "");

            // A new application instance (as in a new PowerShell session) signs in silently from the persisted cache.
            var second = new MsalPublicClientTokenSource(Options(clientId), PublicClientSignIn.DeviceCode,
                (p, ct) => throw new InvalidOperationException("The user should not be asked again."), await MsalTokenCacheStore.OpenAsync(_cacheDir));
            var again = await second.GetTokenAsync(false, CancellationToken.None);
            Assert.True(second.LastAcquiredSilently);
            Assert.Equal("ada@example.org", _host.Identity.ValidateAccessToken(again.Value, out _)!.Subject);

            // A forced refresh (after a 401) uses the refresh token, still without the user.
            var refreshed = await second.GetTokenAsync(true, CancellationToken.None);
            Assert.NotEqual(again.Value, refreshed.Value);
            Assert.True(second.LastAcquiredSilently);
            var grants = _host.Identity.TokenRequests.Where(r => r.ClientId == clientId && r.Error == null).Select(r => r.GrantType).ToList();
            Assert.Equal(1, grants.Count(g => g == "device_code" || g == "urn:ietf:params:oauth:grant-type:device_code"));
            Assert.Contains("refresh_token", grants);

            // Signing out clears the persisted cache: the next instance must ask the user again.
            await second.SignOutAsync();
            var askedAgain = false;
            var third = new MsalPublicClientTokenSource(Options(clientId), PublicClientSignIn.DeviceCode,
                ApprovingUser("ada@example.org", _ => askedAgain = true), await MsalTokenCacheStore.OpenAsync(_cacheDir));
            await third.GetTokenAsync(false, CancellationToken.None);
            Assert.True(askedAgain);
        }

        [Fact]
        public async Task CacheFileIsPrivateAndItsProtectionIsReported()
        {
            var store = await MsalTokenCacheStore.OpenAsync(_cacheDir);
            var clientId = "public-perm-" + Guid.NewGuid().ToString("N");
            await _host.RegisterClientAsync(clientId);
            var source = new MsalPublicClientTokenSource(Options(clientId), PublicClientSignIn.DeviceCode, ApprovingUser("bob@example.org", _ => { }), store);
            var token = await source.GetTokenAsync(false, CancellationToken.None);

            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_cacheDir));
            }
            var content = await ReadShared(store.FilePath);
            _output.WriteLine($"Token cache: encrypted={store.IsEncrypted}; {store.Warning}");
            if (store.IsEncrypted)
            {
                Assert.Null(store.Warning);
                Assert.DoesNotContain(token.Value, content);
            }
            else
            {
                // Linux without a keyring: the documented plain-file fallback, and the user is told.
                Assert.True(OperatingSystem.IsLinux());
                Assert.Contains("unencrypted", store.Warning);
                Assert.Contains(token.Value, content);
            }
        }

        [Fact]
        public async Task DeniedDeviceCodeFailsClearly()
        {
            var clientId = "public-deny-" + Guid.NewGuid().ToString("N");
            await _host.RegisterClientAsync(clientId);
            var source = new MsalPublicClientTokenSource(Options(clientId), PublicClientSignIn.DeviceCode, async (p, ct) =>
            {
                using var response = await _host.Http.PostAsJsonAsync("/_emulator/devicecode/deny", new { userCode = p.UserCode }, ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }, null);

            var ex = await Assert.ThrowsAsync<CdfAuthenticationException>(() => source.GetTokenAsync(false, CancellationToken.None));
            Assert.Contains("DeviceCode sign-in", ex.Message);
            Assert.Equal("access_denied", ex.ErrorCode);
        }

        [Fact]
        public async Task InteractiveSignInRunsMsalsRealCodeWithOnlyTheBrowserFaked()
        {
            var clientId = "browser-" + Guid.NewGuid().ToString("N");
            await _host.RegisterClientAsync(clientId);
            var source = new MsalPublicClientTokenSource(Options(clientId), PublicClientSignIn.InteractiveBrowser, null, null);
            Uri? opened = null;
            Task? browsing = null;
            // The one fake: a "browser" that loads the sign-in page (the emulator signs in at once and redirects) and follows
            // the redirect to MSAL's own loopback listener, as a real browser would. MSAL starts listening after it has asked
            // for the browser, so the browser runs on its own and retries until the listener answers.
            source.OpenBrowser = uri =>
            {
                opened = uri;
                browsing = Task.Run(async () =>
                {
                    var handler = AuthTestHost.TrustOnly(_host.Identity.HttpsCertificate);
                    handler.AllowAutoRedirect = false;
                    using var browser = new System.Net.Http.HttpClient(handler);
                    using var page = await browser.GetAsync(uri);
                    Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                    // MSAL asks for response_mode=form_post: submit the page's form to MSAL's loopback listener.
                    var html = await page.Content.ReadAsStringAsync();
                    var action = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "<form method=\"post\" action=\"([^\"]+)\"").Groups[1].Value);
                    var fields = System.Text.RegularExpressions.Regex.Matches(html, "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"/>")
                        .ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
                    Assert.True(fields.ContainsKey("code"), html);
                    using var loopback = new System.Net.Http.HttpClient();
                    for (var attempt = 0; ; attempt++)
                    {
                        try
                        {
                            using var back = await loopback.PostAsync(action, new System.Net.Http.FormUrlEncodedContent(fields));
                            Assert.True(back.IsSuccessStatusCode);
                            return;
                        }
                        catch (System.Net.Http.HttpRequestException) when (attempt < 100)
                        {
                            await Task.Delay(50);
                        }
                    }
                });
                return Task.CompletedTask;
            };

            var token = await source.GetTokenAsync(false, CancellationToken.None);
            await browsing!;

            Assert.Equal("user@emulator.local", _host.Identity.ValidateAccessToken(token.Value, out _)!.Subject);
            Assert.Equal("InteractiveBrowser", source.Flow);
            Assert.Contains("/" + Tenant + "/oauth2/v2.0/authorize", opened!.AbsolutePath);
            Assert.Contains("code_challenge=", opened.Query);
            var request = _host.Identity.TokenRequests.Single(r => r.ClientId == clientId);
            Assert.Equal("authorization_code", request.GrantType);
            Assert.Null(request.Error);
        }

        private static async Task<string> ReadShared(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return await reader.ReadToEndAsync();
        }
    }
}
