using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Auth;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Records;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Connects to a CDF project and keeps the connection as the session's default.</para>
    /// <para type="description">Signs in with a ready token, a token provider, Entra ID (client secret, client certificate, device
    /// code or interactive browser, through MSAL), client credentials against any OIDC token URL, or, with no sign-in parameters,
    /// the Cognite toolkit's environment variables. The token is checked at once against the project.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "CdfProject", DefaultParameterSetName = EnvironmentSet)]
    [OutputType(typeof(CdfConnection))]
    public sealed class ConnectCdfProjectCommand : AsyncPSCmdlet
    {
        internal const string EnvironmentSet = "Environment";
        internal const string AccessTokenSet = "AccessToken";
        internal const string TokenProviderSet = "TokenProvider";
        internal const string ClientSecretSet = "ClientSecret";
        internal const string ClientCredentialSet = "ClientCredential";
        internal const string CertificateSet = "Certificate";
        internal const string CertificateThumbprintSet = "CertificateThumbprint";
        internal const string TokenUrlSecretSet = "TokenUrlClientSecret";
        internal const string TokenUrlCredentialSet = "TokenUrlCredential";
        internal const string DeviceCodeSet = "DeviceCode";
        internal const string InteractiveSet = "Interactive";

        private static readonly Regex ClusterPattern = new Regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        // The plain-file cache warning (Linux without a keyring) is shown once per process, not at every sign-in.
        private static int s_cacheWarningShown;

        private Uri? _baseUrl;
        private string _project = null!;

        /// <summary>The project's URL name. With no sign-in parameters it may come from CDF_PROJECT instead.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = AccessTokenSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = TokenProviderSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ClientSecretSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ClientCredentialSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = CertificateSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = CertificateThumbprintSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = TokenUrlSecretSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = TokenUrlCredentialSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DeviceCodeSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = InteractiveSet)]
        [Parameter(Position = 0, ParameterSetName = EnvironmentSet)]
        [ValidateNotNullOrEmpty]
        public string? Project { get; set; }

        /// <summary>The cluster, e.g. westeurope-1 (https://westeurope-1.cognitedata.com).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CogniteRecords.Completion.ClusterCompleter))]
        public string? Cluster { get; set; }

        /// <summary>The base URL instead of -Cluster (the emulator, a proxy).</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? BaseUrl { get; set; }

        /// <summary>A ready access token; a plain string is accepted too. It cannot be refreshed.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
        [ValidateNotNull]
        [SecureStringTransformation]
        public SecureString AccessToken { get; set; } = null!;

        /// <summary>Code that returns a token (string or SecureString), called whenever one is needed.</summary>
        [Parameter(Mandatory = true, ParameterSetName = TokenProviderSet)]
        [ValidateNotNull]
        public ScriptBlock TokenProvider { get; set; } = null!;

        /// <summary>The Entra ID tenant (directory) id or domain.</summary>
        [Parameter(ParameterSetName = ClientSecretSet)]
        [Parameter(ParameterSetName = ClientCredentialSet)]
        [Parameter(ParameterSetName = CertificateSet)]
        [Parameter(ParameterSetName = CertificateThumbprintSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        [Parameter(ParameterSetName = InteractiveSet)]
        [ValidateNotNullOrEmpty]
        public string? TenantId { get; set; }

        /// <summary>The application (client) id.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet)]
        [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
        [Parameter(Mandatory = true, ParameterSetName = CertificateThumbprintSet)]
        [Parameter(Mandatory = true, ParameterSetName = TokenUrlSecretSet)]
        [Parameter(Mandatory = true, ParameterSetName = DeviceCodeSet)]
        [Parameter(Mandatory = true, ParameterSetName = InteractiveSet)]
        [ValidateNotNullOrEmpty]
        public string? ClientId { get; set; }

        /// <summary>The client secret, as a SecureString (e.g. from Get-Secret or Read-Host -AsSecureString).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet)]
        [Parameter(Mandatory = true, ParameterSetName = TokenUrlSecretSet)]
        [ValidateNotNull]
        public SecureString? ClientSecret { get; set; }

        /// <summary>The client id as user name and the client secret as password.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ClientCredentialSet)]
        [Parameter(Mandatory = true, ParameterSetName = TokenUrlCredentialSet)]
        [ValidateNotNull]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>An Entra ID client certificate with its private key.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
        [ValidateNotNull]
        public X509Certificate2? Certificate { get; set; }

        /// <summary>The thumbprint of a client certificate in CurrentUser\My (then LocalMachine\My).</summary>
        [Parameter(Mandatory = true, ParameterSetName = CertificateThumbprintSet)]
        [ValidateNotNullOrEmpty]
        public string? CertificateThumbprint { get; set; }

        /// <summary>The token endpoint of any OIDC identity provider (client credentials).</summary>
        [Parameter(Mandatory = true, ParameterSetName = TokenUrlSecretSet)]
        [Parameter(Mandatory = true, ParameterSetName = TokenUrlCredentialSet)]
        [ValidateNotNull]
        public Uri? TokenUrl { get; set; }

        /// <summary>The audience to ask the token URL for (Auth0 wants one).</summary>
        [Parameter(ParameterSetName = TokenUrlSecretSet)]
        [Parameter(ParameterSetName = TokenUrlCredentialSet)]
        [ValidateNotNullOrEmpty]
        public string? Audience { get; set; }

        /// <summary>Sign in as a user with a device code (the code and URL are shown as a warning).</summary>
        [Parameter(Mandatory = true, ParameterSetName = DeviceCodeSet)]
        public SwitchParameter DeviceCode { get; set; }

        /// <summary>Sign in as a user in the system browser.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InteractiveSet)]
        public SwitchParameter Interactive { get; set; }

        /// <summary>The identity provider's authority, when it is not Entra ID's public cloud (other clouds, the emulator).</summary>
        [Parameter(ParameterSetName = ClientSecretSet)]
        [Parameter(ParameterSetName = ClientCredentialSet)]
        [Parameter(ParameterSetName = CertificateSet)]
        [Parameter(ParameterSetName = CertificateThumbprintSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        [Parameter(ParameterSetName = InteractiveSet)]
        [ValidateNotNull]
        public Uri? Authority { get; set; }

        /// <summary>The scopes to ask for; default {BaseUrl}/.default for Entra ID, none for a token URL.</summary>
        [Parameter(ParameterSetName = ClientSecretSet)]
        [Parameter(ParameterSetName = ClientCredentialSet)]
        [Parameter(ParameterSetName = CertificateSet)]
        [Parameter(ParameterSetName = CertificateThumbprintSet)]
        [Parameter(ParameterSetName = TokenUrlSecretSet)]
        [Parameter(ParameterSetName = TokenUrlCredentialSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        [Parameter(ParameterSetName = InteractiveSet)]
        [Alias("Scopes")]
        [ValidateNotNullOrEmpty]
        public string[]? Scope { get; set; }

        /// <summary>Retries of a transient failure (408, 429, 5xx, dropped connection) before giving up.</summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int MaxRetries { get; set; } = 8;

        /// <summary>The first retry's delay; later ones double (with jitter), up to 30 seconds.</summary>
        [Parameter]
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

        /// <summary>The most seconds one attempt of a request may take, the response read included (1-3600; default 100).</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 100;

        /// <summary>The most time one call may take in all, its retries and their waits included (default 5 minutes).</summary>
        [Parameter]
        public TimeSpan MaxRetryTime { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>
        /// The share of the identity's documented request budgets (requests per second and at once, per kind of call) this
        /// connection paces itself within; default 1. Lower it when other work signs in as the same identity.
        /// </summary>
        [Parameter]
        [ValidateRange(0.01, 1.0)]
        public double BudgetShare { get; set; } = 1.0;

        /// <summary>Send requests as fast as they are asked for, without pacing (429 answers are still retried).</summary>
        [Parameter]
        public SwitchParameter NoPacing { get; set; }

        /// <summary>Write the connection to the pipeline (instead of the one-line summary).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Write no summary line (for scripts and runbooks that want a quiet log).</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        // What the sign-in needs, decided on the pipeline thread before any request.
        private Func<CancellationToken, Task<CachedTokenSource>>? _createTokens;
        private string? _connectionClientId;
        private Uri? _connectionAuthority;

        protected override void BeginProcessingSync()
        {
            if (RetryDelay < TimeSpan.Zero)
                Fail("InvalidRetryDelay", "-RetryDelay must not be negative.", RetryDelay, "RetryDelay");
            if (MaxRetryTime < TimeSpan.FromSeconds(1) || MaxRetryTime > TimeSpan.FromDays(1))
                Fail("InvalidMaxRetryTime", $"-MaxRetryTime must be between 1 second and 1 day; it was {MaxRetryTime}.", MaxRetryTime, "MaxRetryTime");
            if (NoPacing && MyInvocation.BoundParameters.ContainsKey(nameof(BudgetShare)))
                Fail("BudgetShareWithoutPacing", "Pass -BudgetShare or -NoPacing, not both: without pacing there is no budget to share.", BudgetShare, "BudgetShare");
            if (Cluster != null && BaseUrl != null)
                Fail("ClusterAndBaseUrl", "Pass -Cluster or -BaseUrl, not both.", null, "BaseUrl");
            if (Cluster != null)
            {
                if (!ClusterPattern.IsMatch(Cluster))
                    Fail("InvalidCluster", $"The cluster '{Cluster}' is not a valid cluster name (e.g. 'westeurope-1').", Cluster, "Cluster");
                _baseUrl = new Uri("https://" + Cluster.ToLowerInvariant() + ".cognitedata.com");
            }
            else if (BaseUrl != null)
            {
                if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttps && BaseUrl.Scheme != Uri.UriSchemeHttp))
                    Fail("InvalidBaseUrl", $"The base URL '{BaseUrl}' must be an absolute http or https URL.", BaseUrl, "BaseUrl");
                _baseUrl = BaseUrl;
            }

            if (ParameterSetName == EnvironmentSet) PrepareFromEnvironment();
            else
            {
                _project = Project!;
                if (_baseUrl == null) Fail("NoCluster", "Pass -Cluster (e.g. 'westeurope-1') or -BaseUrl.", null, "Cluster");
                CheckBaseUrlTakesBearer();
                PrepareFromParameters();
            }
        }

        // Before any sign-in request: a token is never sent to a plain-http address other than this machine.
        private void CheckBaseUrlTakesBearer()
        {
            if (!SignInFactory.IsSecureUrl(_baseUrl!, loopbackHttp: true))
            {
                ThrowTerminatingError(new ErrorRecord(new SecurityException(
                        $"Refusing to send an access token to '{_baseUrl!.GetLeftPart(UriPartial.Authority)}' over plain http: use https (plain http is allowed only to a loopback address: 127.0.0.0/8, ::1, localhost)."),
                    "InsecureUrl", ErrorCategory.SecurityError, _baseUrl));
            }
        }

        private void PrepareFromParameters()
        {
            switch (ParameterSetName)
            {
                case TokenProviderSet:
                    var provider = ScriptTokenProvider.Create(TokenProvider, PipelineRunspace);
                    _createTokens = _ => Task.FromResult<CachedTokenSource>(new DelegateTokenSource(provider));
                    break;

                case AccessTokenSet:
                    var fixedToken = MakeStaticToken(Secrets.ToPlain(AccessToken), "AccessToken");
                    _createTokens = _ => Task.FromResult<CachedTokenSource>(fixedToken);
                    break;

                case ClientSecretSet:
                case ClientCredentialSet:
                {
                    var (clientId, secret) = ClientAndSecret();
                    var options = MsalOptions(clientId, defaultTenant: null);
                    _createTokens = _ => Task.FromResult(SignInFactory.ClientSecret(options, secret));
                    break;
                }

                case CertificateSet:
                case CertificateThumbprintSet:
                {
                    var certificate = Checked(() => ParameterSetName == CertificateSet
                        ? SignInFactory.WithPrivateKey(Certificate!)
                        : SignInFactory.FindCertificate(CertificateThumbprint!));
                    var options = MsalOptions(ClientId!, defaultTenant: null);
                    _createTokens = _ => Task.FromResult(SignInFactory.Certificate(options, certificate));
                    break;
                }

                case TokenUrlSecretSet:
                case TokenUrlCredentialSet:
                {
                    var (clientId, secret) = ClientAndSecret();
                    CheckTokenUrl(TokenUrl!, "TokenUrl");
                    var tokenUrl = TokenUrl!;
                    var scopes = Scope ?? Array.Empty<string>();
                    var audience = Audience;
                    _connectionClientId = clientId;
                    _connectionAuthority = tokenUrl;
                    _createTokens = _ => Task.FromResult(SignInFactory.OidcClientSecret(tokenUrl, clientId, secret, scopes, audience));
                    break;
                }

                case DeviceCodeSet:
                case InteractiveSet:
                {
                    // Delegated sign-in without a tenant: any work or school account ("organizations").
                    var options = MsalOptions(ClientId!, defaultTenant: "organizations");
                    var signIn = ParameterSetName == DeviceCodeSet ? PublicClientSignIn.DeviceCode : PublicClientSignIn.InteractiveBrowser;
                    _createTokens = async ct =>
                    {
                        var store = await MsalTokenCacheStore.OpenAsync().ConfigureAwait(false);
                        if (store.Warning != null && Interlocked.Exchange(ref s_cacheWarningShown, 1) == 0) QueueWarning(store.Warning);
                        return new MsalPublicClientTokenSource(options, signIn, ShowDeviceCodeAsync, store);
                    };
                    break;
                }

                default:
                    throw new InvalidOperationException("Unknown parameter set " + ParameterSetName);
            }
        }

        // The device code and URL, shown as Connect-AzAccount does: a warning, by whichever cmdlet needs the sign-in.
        private static Task ShowDeviceCodeAsync(DeviceCodePrompt prompt, CancellationToken cancellationToken)
        {
            var cmdlet = AsyncPSCmdlet.Current
                ?? throw new InvalidOperationException("A device-code sign-in can be shown only while a CogniteRecords cmdlet runs.");
            cmdlet.ShowWarning(prompt.Message);
            return Task.CompletedTask;
        }

        private void PrepareFromEnvironment()
        {
            var explicitUrl = _baseUrl;
            EnvironmentSignIn env;
            try
            {
                // Parameters given with the environment flow win over their variables.
                env = EnvironmentSignIn.Read(name =>
                    name == "CDF_URL" && explicitUrl != null ? explicitUrl.ToString()
                    : name == "CDF_PROJECT" && Project != null ? Project
                    : Environment.GetEnvironmentVariable(name));
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(
                        "No sign-in parameters were given, so Connect-CdfProject reads the environment variables ("
                        + string.Join(", ", EnvironmentSignIn.VariableNames) + "). " + e.Message
                        + " Set them, or pass sign-in parameters (see Get-Help Connect-CdfProject)."),
                    "EnvironmentSignInIncomplete", ErrorCategory.InvalidArgument, null));
                return;
            }

            _project = env.Project!;
            _baseUrl = env.BaseUrl!;
            CheckBaseUrlTakesBearer();
            // Only when asked: with -Debug alone PowerShell turns a binary cmdlet's verbose messages into prompts.
            if (IsVerboseOn()) WriteVerbose($"Signing in from the environment: {env}.");
            switch (env.Flow)
            {
                case EnvironmentSignInFlow.AccessToken:
                    var fixedToken = (StaticTokenSource)env.CreateTokenSource();
                    CheckStaticToken(fixedToken, "CDF_TOKEN");
                    _createTokens = _ => Task.FromResult<CachedTokenSource>(fixedToken);
                    break;
                case EnvironmentSignInFlow.OidcClientSecret:
                    CheckTokenUrl(env.TokenUrl!, "IDP_TOKEN_URL");
                    goto default;
                default:
                    _connectionClientId = env.ClientId;
                    _connectionAuthority = env.Flow == EnvironmentSignInFlow.OidcClientSecret ? env.TokenUrl : env.Authority;
                    _createTokens = _ => Task.FromResult(env.CreateTokenSource());
                    break;
            }
        }

        private StaticTokenSource MakeStaticToken(string token, string parameter)
        {
            if (string.IsNullOrWhiteSpace(token)) Fail("EmptyAccessToken", "The access token is empty.", null, parameter);
            var fixedToken = new StaticTokenSource(token);
            CheckStaticToken(fixedToken, parameter);
            return fixedToken;
        }

        private void CheckStaticToken(StaticTokenSource fixedToken, string parameter)
        {
            if (fixedToken.ExpiresOn is DateTimeOffset exp && exp <= DateTimeOffset.UtcNow)
                ThrowTerminatingError(new ErrorRecord(new SecurityException(fixedToken.GetExpiryWarning()), "AccessTokenExpired", ErrorCategory.AuthenticationError, parameter));
            if (fixedToken.GetExpiryWarning() is string warning) WriteWarning(warning);
        }

        private (string ClientId, SecureString Secret) ClientAndSecret()
        {
            if (Credential != null)
            {
                var user = Credential.UserName?.TrimStart('\\');
                if (string.IsNullOrWhiteSpace(user)) Fail("MissingClientId", "The -Credential's user name must be the client id.", null, "Credential");
                if (Credential.Password == null || Credential.Password.Length == 0)
                    Fail("EmptyClientSecret", "The -Credential's password (the client secret) is empty.", null, "Credential");
                return (user!, Credential.Password!);
            }
            if (ClientSecret!.Length == 0) Fail("EmptyClientSecret", "The client secret is empty.", null, "ClientSecret");
            return (ClientId!, ClientSecret);
        }

        private MsalSignInOptions MsalOptions(string clientId, string? defaultTenant)
        {
            var options = Checked(() => SignInFactory.EntraOptions(clientId, TenantId, Authority, Scope, _baseUrl!, defaultTenant));
            _connectionClientId = options.ClientId;
            _connectionAuthority = options.Authority;
            return options;
        }

        // The sign-in factory's refusals as this cmdlet's errors: the rule's id, the parameter and its value.
        private T Checked<T>(Func<T> make)
        {
            try
            {
                return make();
            }
            catch (CdfArgumentException e)
            {
                object? target = e.ParamName switch
                {
                    "Authority" => Authority,
                    "CertificateThumbprint" => CertificateThumbprint,
                    "Certificate" => Certificate?.Thumbprint,
                    _ => null,
                };
                Fail(e.ErrorId, e.Reason, target, string.IsNullOrEmpty(e.ParamName) ? null : e.ParamName);
                throw;
            }
        }

        private void CheckTokenUrl(Uri tokenUrl, string parameter)
        {
            if (!SignInFactory.IsSecureUrl(tokenUrl, loopbackHttp: true))
                ThrowTerminatingError(new ErrorRecord(new SecurityException(
                        $"The token URL '{tokenUrl}' must be an absolute https URL: a client secret is never sent over plain http except to a loopback address."),
                    "InsecureTokenUrl", ErrorCategory.SecurityError, tokenUrl));
        }

        private void Fail(string id, string message, object? target, string? parameter) =>
            ThrowTerminatingError(ErrorMapping.Make(id, ErrorCategory.InvalidArgument, message, target, parameter));

        protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
        {
            var tokens = await _createTokens!(cancellationToken).ConfigureAwait(false);
            var options = new CdfClientOptions
            {
                BaseUrl = _baseUrl!,
                Project = _project,
                UserAgent = ModuleInfo.UserAgent,
                MaxRetries = MaxRetries,
                RetryDelay = RetryDelay,
                AttemptTimeout = TimeSpan.FromSeconds(TimeoutSec),
                TotalTimeout = MaxRetryTime,
                Budgets = NoPacing ? null : RequestBudgets.PerIdentity(BudgetShare),
            };
            CdfConnection connection;
            try
            {
                connection = new CdfConnection(_project, _baseUrl!, tokens, options, _connectionClientId, _connectionAuthority);
            }
            catch (CdfApiException e)
            {
                throw new ErrorRecordException(ErrorMapping.ToErrorRecord(e, _baseUrl));
            }

            TokenInspection inspection;
            try
            {
                inspection = await TokenInspection.InspectAsync(connection.Client, CreateObserver(), cancellationToken).ConfigureAwait(false);
            }
            catch (CdfApiException e)
            {
                throw new ErrorRecordException(ErrorMapping.ToErrorRecord(e, _project));
            }
            catch (CdfAuthenticationException e)
            {
                var record = ErrorMapping.ToErrorRecord(e, _project);
                // A token the module refuses itself (InvalidToken) and a failing -TokenProvider keep their own ids.
                if (e.ErrorCode != CdfAuthenticationException.InvalidTokenCode && e.ErrorCode != CdfAuthenticationException.TokenProviderFailedCode)
                    record = new ErrorRecord(record.Exception, "SignInFailed", ErrorCategory.AuthenticationError, _project);
                throw new ErrorRecordException(record);
            }
            if (!inspection.Projects.Any(p => string.Equals(p, _project, StringComparison.OrdinalIgnoreCase)))
            {
                var reaches = inspection.Projects.Count == 0 ? "no project" : string.Join(", ", inspection.Projects);
                throw new ErrorRecordException(new ErrorRecord(new UnauthorizedAccessException(
                        $"Signed in as '{inspection.Subject}' ({connection.Flow}), but the token does not reach project '{_project}'; it reaches: {reaches}. Check -Project and the identity's group membership in CDF."),
                    "ProjectNotReached", ErrorCategory.PermissionDenied, _project));
            }
            connection.Identity = tokens is MsalPublicClientTokenSource user && user.Username != null ? user.Username : inspection.Subject;
            Post(() =>
            {
                SessionStore.For(PipelineRunspace).DefaultConnection = connection;
                if (IsVerboseOn()) WriteVerbose(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                    "Connected to project '{0}' at {1} as '{2}' ({3}); the token expires at {4}.",
                    _project, connection.BaseUrl, connection.Identity, connection.Flow,
                    connection.TokenExpiresOn?.UtcDateTime.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "an unknown time"));
                if (PassThru) WriteObject(connection);
                else if (!Quiet) WriteSummary(connection);
            });
        }
    
        /// <summary>
        /// The one-line summary a connection writes by default, as Connect-AzAccount does: to the host, through the
        /// information stream (tag PSHOST), so that it never mixes with pipeline output; 6>$null or -Quiet drops it.
        /// </summary>
        private void WriteSummary(CdfConnection connection)
        {
            var expires = connection.TokenExpiresOn is DateTimeOffset at
                ? "token expires " + at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) + (connection.CanRefreshToken ? ", refreshed as needed" : ", cannot be refreshed")
                : (connection.CanRefreshToken ? "token refreshed as needed" : "token cannot be refreshed");
            var who = string.IsNullOrEmpty(connection.Identity) ? "" : " as '" + connection.Identity + "'";
            var line = $"Connected to project '{connection.Project}' at {connection.BaseUrl}{who} ({connection.Flow}; {expires}).";
            WriteInformation(new HostInformationMessage { Message = line }, new[] { "PSHOST" });
        }
}
}
