using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Identity.Client;

namespace CogniteRecords.Core.Auth
{
    /// <summary>
    /// Delegated sign-in through MSAL's public client: silently from MSAL's token cache first (the persisted cache of a
    /// previous session, or a refresh token), otherwise by device code or the interactive browser.
    /// </summary>
    public sealed class MsalPublicClientTokenSource : CachedTokenSource, IConnectionIdentityUser
    {
        /// <summary>The redirect URI for the system browser (registered on the app as a "Mobile and desktop" platform).</summary>
        public const string LoopbackRedirectUri = "http://localhost";

        private readonly MsalSignInOptions _options;
        private readonly PublicClientSignIn _signIn;
        private readonly Func<DeviceCodePrompt, CancellationToken, Task>? _deviceCodeCallback;
        private readonly MsalTokenCacheStore? _cacheStore;
        private readonly IPublicClientApplication _app;

        /// <summary>Creates the source; <paramref name="cacheStore"/> null keeps the cache in memory only.</summary>
        public MsalPublicClientTokenSource(MsalSignInOptions options, PublicClientSignIn signIn,
            Func<DeviceCodePrompt, CancellationToken, Task>? deviceCodeCallback, MsalTokenCacheStore? cacheStore)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _signIn = signIn;
            if (signIn == PublicClientSignIn.DeviceCode && deviceCodeCallback == null)
                throw new ArgumentNullException(nameof(deviceCodeCallback), "A device-code sign-in needs a callback that shows the code to the user.");
            _deviceCodeCallback = deviceCodeCallback;
            _cacheStore = cacheStore;
            _app = options.Configure(PublicClientApplicationBuilder.Create(options.ClientId))
                .WithRedirectUri(LoopbackRedirectUri)
                .Build();
            cacheStore?.Register(_app.UserTokenCache);
        }

        /// <inheritdoc/>
        public override string Flow => _signIn == PublicClientSignIn.DeviceCode ? "DeviceCode" : "InteractiveBrowser";

        /// <summary>The signed-in user's name (from the last token), if any.</summary>
        public string? Username { get; private set; }

        /// <summary>
        /// How the interactive sign-in page is opened; null for MSAL's default (the system browser). MSAL listens on a loopback
        /// port for the redirect either way; a host may set this to show the URL instead (e.g. over SSH, where no browser runs).
        /// </summary>
        public Func<Uri, Task>? OpenBrowser { get; set; }

        /// <summary>Whether the last token came from the cache without user interaction.</summary>
        public bool LastAcquiredSilently { get; private set; }

        /// <inheritdoc/>
        protected override async Task<AccessToken> AcquireAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            try
            {
                var accounts = await _app.GetAccountsAsync().ConfigureAwait(false);
                var account = accounts.FirstOrDefault();
                if (account != null)
                {
                    try
                    {
                        var silent = await _app.AcquireTokenSilent(_options.Scopes, account)
                            .WithForceRefresh(forceRefresh)
                            .ExecuteAsync(cancellationToken).ConfigureAwait(false);
                        LastAcquiredSilently = true;
                        return Take(silent);
                    }
                    catch (MsalUiRequiredException)
                    {
                        // The refresh token is gone or refused: the user must sign in again.
                    }
                }

                LastAcquiredSilently = false;
                AuthenticationResult result;
                if (_signIn == PublicClientSignIn.DeviceCode)
                {
                    result = await _app.AcquireTokenWithDeviceCode(_options.Scopes,
                            code => _deviceCodeCallback!(new DeviceCodePrompt(code.Message, code.VerificationUrl, code.UserCode, code.ExpiresOn), cancellationToken))
                        .ExecuteAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var interactive = _app.AcquireTokenInteractive(_options.Scopes).WithUseEmbeddedWebView(false);
                    if (OpenBrowser != null)
                        interactive = interactive.WithSystemWebViewOptions(new SystemWebViewOptions { OpenBrowserAsync = OpenBrowser });
                    result = await interactive.ExecuteAsync(cancellationToken).ConfigureAwait(false);
                }
                return Take(result);
            }
            catch (MsalException ex)
            {
                throw _options.Fail(Flow, ex);
            }
        }

        /// <summary>Signs out: removes the accounts from MSAL's cache and deletes the persisted cache file.</summary>
        public async Task SignOutAsync()
        {
            foreach (var account in await _app.GetAccountsAsync().ConfigureAwait(false))
                await _app.RemoveAsync(account).ConfigureAwait(false);
            _cacheStore?.Clear();
        }

        private AccessToken Take(AuthenticationResult result)
        {
            Username = result.Account?.Username;
            return new AccessToken(result.AccessToken, result.ExpiresOn);
        }

        void IConnectionIdentityUser.UseConnection(Http.CdfApiClient connection) => _options.OwnFactory?.Use(connection.IdentityClient);
    }
}
