using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Hosting;
using CogniteRecords.Emulator.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Client;

namespace CogniteRecords.Core.Tests
{
    /// <summary>
    /// The emulator's identity provider over HTTPS on 127.0.0.1, with its real endpoints, for MSAL's real code to sign in against.
    /// The test process trusts exactly the emulator's certificate through the HttpClient it hands to MSAL; nothing in the
    /// product turns TLS validation off.
    /// </summary>
    public sealed class AuthTestHost : IAsyncLifetime
    {
        public const string Project = "emulated-project";

        /// <summary>The whole emulator (Records API, its auth middleware, and the identity provider) in this process.</summary>
        public EmulatorHost Emulator { get; private set; } = null!;

        public EmulatorIdentity Identity => Emulator.Runtime.Identity;

        public IdentityOptions Options => Identity.Options;

        /// <summary>The HTTPS base address, e.g. https://127.0.0.1:12345.</summary>
        public Uri BaseUrl { get; private set; } = null!;

        /// <summary>An HttpClient that trusts exactly the emulator's certificate (and nothing else).</summary>
        public HttpClient Http { get; private set; } = null!;

        /// <summary>MSAL's HTTP client factory over <see cref="Http"/>.</summary>
        public IMsalHttpClientFactory MsalHttp { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var options = new EmulatorOptions();
            options.Projects.Add(Project);
            Emulator = await EmulatorHost.StartAsync(options);
            BaseUrl = new Uri(Emulator.HttpsUrl);
            Http = new HttpClient(TrustOnly(Identity.HttpsCertificate)) { BaseAddress = BaseUrl };
            MsalHttp = new FixedMsalHttpClientFactory(Http);
        }

        public async Task DisposeAsync()
        {
            Http?.Dispose();
            if (Emulator != null) await Emulator.DisposeAsync();
        }

        /// <summary>Registers a client through the admin call, as a test or runbook would.</summary>
        public async Task RegisterClientAsync(string clientId, string? secret = null, string? certificatePem = null, string[]? projects = null)
        {
            using var response = await Http.PostAsJsonAsync("/_emulator/clients",
                new { clientId, clientSecret = secret, certificatePem, projects });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        public static SocketsHttpHandler TrustOnly(X509Certificate2 certificate)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.Add(certificate);
            return new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy } };
        }

        private sealed class FixedMsalHttpClientFactory : IMsalHttpClientFactory
        {
            private readonly HttpClient _client;
            public FixedMsalHttpClientFactory(HttpClient client) => _client = client;
            public HttpClient GetHttpClient() => _client;
        }
    }
}
