using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Auth;
using CogniteRecords.Core.Http;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Connects to a CDF project and keeps the connection as the session's default.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "CdfProject", DefaultParameterSetName = AccessTokenSet)]
    [OutputType(typeof(CdfConnection))]
    public sealed class ConnectCdfProjectCommand : AsyncPSCmdlet
    {
        internal const string AccessTokenSet = "AccessToken";
        internal const string TokenProviderSet = "TokenProvider";

        private static readonly Regex ClusterPattern = new Regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private CdfConnection? _connection;
        private Uri? _baseUrl;

        /// <summary>The project's URL name.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Project { get; set; } = null!;

        /// <summary>The cluster, e.g. westeurope-1 (https://westeurope-1.cognitedata.com).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
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

        /// <summary>Retries of a transient failure (408, 429, 5xx, dropped connection) before giving up.</summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int MaxRetries { get; set; } = 8;

        /// <summary>The first retry's delay; later ones double (with jitter), up to 30 seconds.</summary>
        [Parameter]
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

        /// <summary>Also write the connection to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessingSync()
        {
            if (Cluster != null && BaseUrl != null)
                ThrowTerminatingError(ErrorMapping.Make("ClusterAndBaseUrl", ErrorCategory.InvalidArgument, "Pass -Cluster or -BaseUrl, not both.", null, "BaseUrl"));
            if (Cluster != null)
            {
                if (!ClusterPattern.IsMatch(Cluster))
                    ThrowTerminatingError(ErrorMapping.Make("InvalidCluster", ErrorCategory.InvalidArgument, $"The cluster '{Cluster}' is not a valid cluster name (e.g. 'westeurope-1').", Cluster, "Cluster"));
                _baseUrl = new Uri("https://" + Cluster.ToLowerInvariant() + ".cognitedata.com");
            }
            else if (BaseUrl != null)
            {
                if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttps && BaseUrl.Scheme != Uri.UriSchemeHttp))
                    ThrowTerminatingError(ErrorMapping.Make("InvalidBaseUrl", ErrorCategory.InvalidArgument, $"The base URL '{BaseUrl}' must be an absolute http or https URL.", BaseUrl, "BaseUrl"));
                _baseUrl = BaseUrl;
            }
            else
            {
                ThrowTerminatingError(ErrorMapping.Make("NoCluster", ErrorCategory.InvalidArgument, "Pass -Cluster (e.g. 'westeurope-1') or -BaseUrl.", null, "Cluster"));
            }
            if (RetryDelay < TimeSpan.Zero)
                ThrowTerminatingError(ErrorMapping.Make("InvalidRetryDelay", ErrorCategory.InvalidArgument, "-RetryDelay must not be negative.", RetryDelay, "RetryDelay"));

            ITokenSource tokens;
            if (ParameterSetName == TokenProviderSet)
            {
                tokens = new DelegateTokenSource(ScriptTokenProvider.Create(TokenProvider, PipelineRunspace));
            }
            else
            {
                var token = Secrets.ToPlain(AccessToken);
                if (string.IsNullOrWhiteSpace(token)) ThrowTerminatingError(ErrorMapping.Make("EmptyAccessToken", ErrorCategory.InvalidArgument, "The access token is empty.", null, "AccessToken"));
                var fixedToken = new StaticTokenSource(token);
                if (fixedToken.ExpiresOn is DateTimeOffset exp && exp <= DateTimeOffset.UtcNow)
                    ThrowTerminatingError(ErrorMapping.Make("AccessTokenExpired", ErrorCategory.AuthenticationError, fixedToken.GetExpiryWarning()!));
                if (fixedToken.GetExpiryWarning() is string warning) WriteWarning(warning);
                tokens = fixedToken;
            }

            var options = new CdfClientOptions
            {
                BaseUrl = _baseUrl!,
                Project = Project,
                UserAgent = ModuleInfo.UserAgent,
                MaxRetries = MaxRetries,
                RetryDelay = RetryDelay,
            };
            try
            {
                _connection = new CdfConnection(Project, _baseUrl!, tokens, options);
            }
            catch (CdfApiException e)
            {
                ThrowTerminatingError(ErrorMapping.ToErrorRecord(e, _baseUrl));
            }
        }

        protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
        {
            var connection = _connection!;
            TokenInspection inspection;
            try
            {
                inspection = await TokenInspection.InspectAsync(connection.Client, CreateObserver(), cancellationToken).ConfigureAwait(false);
            }
            catch (CdfApiException e)
            {
                throw new ErrorRecordException(ErrorMapping.ToErrorRecord(e, Project));
            }
            if (inspection.Projects.Count > 0 && !inspection.Projects.Any(p => string.Equals(p, Project, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ErrorRecordException(ErrorMapping.Make("ProjectNotReached", ErrorCategory.PermissionDenied,
                    $"The token is valid (subject '{inspection.Subject}') but does not reach project '{Project}'; it reaches: {string.Join(", ", inspection.Projects)}.", Project));
            }
            connection.Identity = inspection.Subject;
            Post(() =>
            {
                SessionStore.For(PipelineRunspace).DefaultConnection = connection;
                WriteVerbose($"Connected to project '{Project}' at {connection.BaseUrl} as '{connection.Identity}' ({connection.Flow}).");
                if (PassThru) WriteObject(connection);
            });
        }
    }
}
