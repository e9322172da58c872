using System;
using System.Net;
using System.Net.Http;
using CogniteRecords.Core.Http;

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
}
