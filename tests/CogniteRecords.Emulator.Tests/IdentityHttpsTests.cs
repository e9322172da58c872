using System;
using System.Net;
using System.Net.Http;
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
using System.Linq;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>The certificate made at start serves HTTPS through Kestrel, and a client that trusts exactly it connects.</summary>
    public sealed class IdentityHttpsTests
    {
        [Fact]
        public async Task KestrelServesTheCertificateAndOnlyAClientTrustingItConnects()
        {
            using var identity = new EmulatorIdentity(new IdentityOptions());
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(identity.HttpsCertificate)));
            await using var app = builder.Build();
            identity.MapEndpoints(app);
            await app.StartAsync();
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            Assert.StartsWith("https://127.0.0.1:", url);

            using var trusting = new HttpClient(TrustOnly(identity.HttpsCertificate));
            var jwks = await trusting.GetStringAsync(url + "/.well-known/jwks.json");
            Assert.Contains(identity.SigningKeyId, jwks);

            // Default trust (the system store) refuses the self-signed certificate: validation stays on.
            using var plain = new HttpClient();
            await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetStringAsync(url + "/.well-known/jwks.json"));

            await app.StopAsync();
        }

        internal static SocketsHttpHandler TrustOnly(X509Certificate2 certificate)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.Add(certificate);
            return new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy } };
        }
    }
}
