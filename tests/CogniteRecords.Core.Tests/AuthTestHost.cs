using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
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
        private WebApplication? _app;

        public IdentityOptions Options { get; } = new IdentityOptions();

        public EmulatorIdentity Identity { get; private set; } = null!;

        /// <summary>The HTTPS base address, e.g. https://127.0.0.1:12345.</summary>
        public Uri BaseUrl { get; private set; } = null!;

        /// <summary>An HttpClient that trusts exactly the emulator's certificate (and nothing else).</summary>
        public HttpClient Http { get; private set; } = null!;

        /// <summary>MSAL's HTTP client factory over <see cref="Http"/>.</summary>
        public IMsalHttpClientFactory MsalHttp { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Options.Projects.Add("emulated-project");
            Identity = new EmulatorIdentity(Options);
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(Identity.HttpsCertificate)));
            _app = builder.Build();
            Identity.MapEndpoints(_app);
            await _app.StartAsync();
            var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            BaseUrl = new Uri(address);
            Http = new HttpClient(TrustOnly(Identity.HttpsCertificate)) { BaseAddress = BaseUrl };
            MsalHttp = new FixedMsalHttpClientFactory(Http);
        }

        public async Task DisposeAsync()
        {
            Http?.Dispose();
            if (_app != null) await _app.DisposeAsync();
            Identity?.Dispose();
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
