using System;
using System.Net.Http;
using System.Threading;
using Microsoft.Identity.Client;

namespace CogniteRecords.Core.Auth
{
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
