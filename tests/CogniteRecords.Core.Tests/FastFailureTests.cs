using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Auth;
using CogniteRecords.Core.Http;
using CogniteRecords.Emulator.Hosting;

namespace CogniteRecords.Core.Tests
{
    /// <summary>
    /// A wrong address fails at once on a connection's first request; once the service has answered, the same failure
    /// is retried; and retries that go on for a while are announced (a warning), once per call.
    /// </summary>
    public class FastFailureTests
    {
        private const string Token = "fast-failure-token";

        private sealed class Observer : IRequestObserver, IRetryWarning
        {
            public readonly ConcurrentQueue<string> Retries = new ConcurrentQueue<string>();
            public readonly ConcurrentQueue<string> Warnings = new ConcurrentQueue<string>();
            public void Debug(string message) { }
            public void Retry(string message) => Retries.Enqueue(message);
            public void RetryingLong(string message) => Warnings.Enqueue(message);
        }

        private static CdfApiClient Client(string baseUrl, int maxRetries = 8) => new CdfApiClient(new CdfClientOptions
        {
            BaseUrl = new Uri(baseUrl),
            Project = "emulator",
            MaxRetries = maxRetries,
            RetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromMilliseconds(400),
            RetryWarningAfter = TimeSpan.FromMilliseconds(700),
        }, new StaticTokenSource(Token));

        private static async Task<EmulatorHost> StartAsync()
        {
            var options = new EmulatorOptions();
            options.Tokens.Add(Token);
            return await EmulatorHost.StartAsync(options);
        }

        /// <summary>A port on 127.0.0.1 where nothing listens (taken and released).</summary>
        private static int ClosedPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        [Fact]
        public async Task A_refused_connection_on_the_first_request_fails_at_once()
        {
            var observer = new Observer();
            using var client = Client($"http://127.0.0.1:{ClosedPort()}");
            var clock = Stopwatch.StartNew();
            var e = await Assert.ThrowsAsync<CdfApiException>(() => TokenInspection.InspectAsync(client, observer, CancellationToken.None));
            Assert.Equal(CdfErrorKind.Connection, e.Kind);
            Assert.Contains("Nothing answers at http://127.0.0.1:", e.Message);
            Assert.Empty(observer.Retries);
            // A generous bound: with retries this took over a minute.
            Assert.InRange(clock.Elapsed.TotalSeconds, 0, 10);
        }

        [Fact]
        public async Task Once_the_service_has_answered_a_refused_connection_is_retried()
        {
            var observer = new Observer();
            var host = await StartAsync();
            using var client = Client(host.HttpUrl, maxRetries: 2);
            await TokenInspection.InspectAsync(client, observer, CancellationToken.None);
            Assert.True(client.HasAnswered);
            await host.DisposeAsync();
            var e = await Assert.ThrowsAsync<CdfApiException>(() => TokenInspection.InspectAsync(client, observer, CancellationToken.None));
            Assert.Equal(CdfErrorKind.Connection, e.Kind);
            Assert.Equal(2, observer.Retries.Count);
        }

        [Fact]
        public async Task Retries_that_go_on_for_a_while_are_announced_once()
        {
            var observer = new Observer();
            await using var host = await StartAsync();
            using var admin = new HttpClient();
            (await admin.PostAsync(host.HttpUrl + "/_emulator/faults", new StringContent("""{"kind":"status","status":503}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            using var client = Client(host.HttpUrl, maxRetries: 6);
            var e = await Assert.ThrowsAsync<CdfApiException>(() => TokenInspection.InspectAsync(client, observer, CancellationToken.None));
            Assert.Equal(503, e.StatusCode);
            Assert.Equal(6, observer.Retries.Count);
            var warning = Assert.Single(observer.Warnings);
            Assert.Contains("Still trying after", warning);
            Assert.Contains("503", warning);
        }

        [Fact]
        public void A_name_that_does_not_resolve_and_a_refused_connection_are_unreachable_and_a_DNS_hiccup_is_not()
        {
            Assert.True(CdfApiClient.IsUnreachable(new HttpRequestException("x", new SocketException((int)SocketError.HostNotFound))));
            Assert.True(CdfApiClient.IsUnreachable(new HttpRequestException("x", new SocketException((int)SocketError.ConnectionRefused))));
            Assert.False(CdfApiClient.IsUnreachable(new HttpRequestException("x", new SocketException((int)SocketError.TryAgain))));
            Assert.False(CdfApiClient.IsUnreachable(new HttpRequestException("x", new System.IO.IOException("reset"))));
        }
    }
}
