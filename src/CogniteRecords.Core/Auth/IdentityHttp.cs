using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using Microsoft.Identity.Client;

namespace CogniteRecords.Core.Auth
{
    /// <summary>
    /// The one HTTP stack for identity requests (the OIDC token post and MSAL's calls): it follows no redirect and
    /// checks every URL before a request leaves, since these requests carry a client secret, an assertion or a code.
    /// A redirect from a token endpoint is refused with an error naming it; the secret never follows it, not even to
    /// another path of the same host, and never to plain http.
    /// </summary>
    public static class IdentityHttp
    {
        /// <summary>How long one identity request may take.</summary>
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

        private static readonly Lazy<HttpClient> SharedClient = new Lazy<HttpClient>(() => CreateClient(null));

        /// <summary>The shared identity client for sign-ins not bound to a connection yet (pooled connections, system TLS trust).</summary>
        public static HttpClient Shared => SharedClient.Value;

        /// <summary>
        /// An identity client over <paramref name="inner"/> (null: a handler of its own). The inner handler must not follow
        /// redirects itself (the product's never do); the guard refuses the 3xx it then sees.
        /// </summary>
        public static HttpClient CreateClient(HttpMessageHandler? inner, string? userAgent = null)
        {
            var client = new HttpClient(new IdentityGuardHandler(inner ?? CreateHandler()), disposeHandler: inner == null) { Timeout = Timeout };
            client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent ?? "CogniteRecords");
            return client;
        }

        /// <summary>The handler identity requests use when none is given: no redirects, no cookies.</summary>
        public static HttpMessageHandler CreateHandler() => new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        };

        /// <summary>Whether a secret or token may go to <paramref name="url"/>: https, or plain http to this machine only.</summary>
        public static bool IsSafeForSecrets(Uri url) => url.IsAbsoluteUri && CdfClientOptions.IsSafeForBearer(url);
    }

    /// <summary>A redirect an identity endpoint answered and the module refused to follow.</summary>
    public sealed class IdentityRedirectRefusedException : HttpRequestException
    {
        public IdentityRedirectRefusedException(string message) : base(message) { }
    }

    /// <summary>Checks each identity request's URL before it is sent and refuses every redirect in the answer.</summary>
    internal sealed class IdentityGuardHandler : DelegatingHandler
    {
        public IdentityGuardHandler(HttpMessageHandler inner) : base(inner) { }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var url = request.RequestUri!;
            if (!IdentityHttp.IsSafeForSecrets(url))
            {
                throw new IdentityRedirectRefusedException(
                    $"Refusing to send an identity request to '{url.GetLeftPart(UriPartial.Authority)}': credentials go over https only (plain http only to a loopback address).");
            }
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status >= 300 && status < 400)
            {
                var location = response.Headers.Location;
                var target = location == null ? "no Location" : "'" + Shorten(Redaction.Clean((location.IsAbsoluteUri ? location : new Uri(url, location)).GetLeftPart(UriPartial.Path))) + "'";
                var reason = response.ReasonPhrase;
                response.Dispose();
                throw new IdentityRedirectRefusedException(
                    $"The identity endpoint {request.Method} {url.GetLeftPart(UriPartial.Path)} answered {status} {reason}, redirecting to {target}. " +
                    "Identity requests follow no redirect, so the credentials were not sent there: give the final token URL or authority directly.");
            }
            return response;
        }

        private static string Shorten(string s) => s.Length <= 200 ? s : s.Substring(0, 200) + "…";
    }

    /// <summary>A token source whose identity requests go through the connection's HTTP stack once it has one.</summary>
    internal interface IConnectionIdentityUser
    {
        void UseConnection(CdfApiClient connection);
    }

    /// <summary>
    /// MSAL's HTTP through our identity client: the one a connection binds (its pooled handler), or the shared one before.
    /// </summary>
    public sealed class IdentityMsalHttpClientFactory : IMsalHttpClientFactory
    {
        private HttpClient _client;

        public IdentityMsalHttpClientFactory(HttpClient? client = null) => _client = client ?? IdentityHttp.Shared;

        /// <summary>Points MSAL at another identity client (the connection's).</summary>
        public void Use(HttpClient client) => Volatile.Write(ref _client, client ?? throw new ArgumentNullException(nameof(client)));

        public HttpClient GetHttpClient() => Volatile.Read(ref _client);
    }
}
