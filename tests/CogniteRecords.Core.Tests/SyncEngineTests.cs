using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Auth;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Core.Tests
{
    /// <summary>The HTTP pipeline and the sync engine against the emulator.</summary>
    [Collection("engine")]
    public class SyncEngineTests : IClassFixture<CoreEmulator>
    {
        private readonly CoreEmulator _emu;

        public SyncEngineTests(CoreEmulator emu) => _emu = emu;

        /// <summary>Records what went over the wire (the emulator's log keeps no headers).</summary>
        private sealed class RecordingHandler : DelegatingHandler
        {
            public readonly ConcurrentQueue<HttpRequestMessage> Requests = new ConcurrentQueue<HttpRequestMessage>();
            public RecordingHandler() : base(new SocketsHttpHandler()) { }
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Requests.Enqueue(request);
                return base.SendAsync(request, cancellationToken);
            }
        }

        private sealed class Observer : IRequestObserver
        {
            public readonly ConcurrentQueue<string> Debugs = new ConcurrentQueue<string>();
            public readonly ConcurrentQueue<string> Retries = new ConcurrentQueue<string>();
            public void Debug(string message) => Debugs.Enqueue(message);
            public void Retry(string message) => Retries.Enqueue(message);
        }

        private CdfApiClient Client(ITokenSource? tokens = null, HttpMessageHandler? handler = null, int maxRetries = 8) =>
            new CdfApiClient(new CdfClientOptions
            {
                BaseUrl = new Uri(_emu.Host.HttpUrl),
                Project = CoreEmulator.Project,
                UserAgent = "CogniteRecords-Test/1.2.3",
                MaxRetries = maxRetries,
                RetryDelay = TimeSpan.FromMilliseconds(5),
            }, tokens ?? new StaticTokenSource(CoreEmulator.Token), handler);

        private static async Task<List<SyncItem>> ReadAllAsync(CdfApiClient client, SyncRequest request, bool flat = true, IRequestObserver? observer = null)
        {
            var columns = flat ? await SyncEngine.ResolveColumnsAsync(client, request.Sources, observer, CancellationToken.None) : null;
            var reader = SyncEngine.Open(client, request, columns, null, observer);
            var all = new List<SyncItem>();
            while (await reader.ReadNextAsync(CancellationToken.None) is SyncPage page) all.AddRange(page.Items);
            return all;
        }

        private static SyncRequest Seeded(int pageSize = 1000) => new SyncRequest("seeded")
        {
            Sources = SourceParser.Parse(new object?[] { "emulator/synthetic" }),
            InitializeCursor = "1d-ago",
            PageSize = pageSize,
        };

        [Fact]
        public async Task Reads_every_record_with_its_columns_and_sends_the_version_and_user_agent()
        {
            await _emu.SetFaultsAsync("");
            var handler = new RecordingHandler();
            using var client = Client(handler: handler);
            var items = await ReadAllAsync(client, Seeded());
            Assert.Equal(2500, items.Count);
            Assert.Equal(2500, items.Select(i => i.ExternalId).Distinct().Count());
            Assert.All(items, i => Assert.Equal(6, i.Values!.Length));
            Assert.All(items, i => Assert.NotNull(i.Values![0]));
            Assert.NotEmpty(handler.Requests);
            foreach (var r in handler.Requests)
            {
                Assert.Equal("20230101", r.Headers.GetValues("cdf-version").Single());
                Assert.Contains("CogniteRecords-Test/1.2.3", string.Join(" ", r.Headers.GetValues("User-Agent")));
                Assert.Equal("Bearer", r.Headers.Authorization!.Scheme);
            }
        }

        [Fact]
        public async Task MaxRecords_makes_the_last_request_ask_for_what_is_still_wanted()
        {
            await _emu.SetFaultsAsync("");
            using var client = Client();
            var request = Seeded(1000);
            request.MaxRecords = 1234;
            var reader = SyncEngine.Open(client, request, null, null, null);
            var limits = new List<int>();
            var count = 0;
            while (await reader.ReadNextAsync(CancellationToken.None) is SyncPage page) { limits.Add(page.Limit); count += page.Items.Count; }
            Assert.Equal(1234, count);
            Assert.Equal(new[] { 1000, 234 }, limits);
            Assert.True(reader.IsDone);

            // Continuing from the cursor reads exactly the rest.
            var rest = new SyncRequest("seeded") { Cursor = reader.Cursor };
            Assert.Equal(2500 - 1234, (await ReadAllAsync(client, rest, flat: false)).Count);
        }

        [Fact]
        public async Task Retries_transient_statuses_drops_and_truncated_bodies_without_losing_or_repeating()
        {
            await _emu.SetFaultsAsync("""
                {"path":"/records/sync","sequence":[{"kind":"status","status":503},{"kind":"drop"},{"kind":"none"},{"kind":"truncate"},{"kind":"status","status":429,"retryAfter":1},{"kind":"none"},{"kind":"status","status":502}]}
                """);
            var observer = new Observer();
            using var client = Client();
            var items = await ReadAllAsync(client, Seeded(500), observer: observer);
            await _emu.SetFaultsAsync("");
            Assert.Equal(2500, items.Count);
            Assert.Equal(2500, items.Select(i => i.ExternalId).Distinct().Count());
            Assert.Equal(5, observer.Retries.Count);
            // The Retry-After of the 429 is the delay used.
            Assert.Contains(observer.Retries, m => m.Contains("in 1 s after: 429"));
        }

        [Fact]
        public async Task Gives_up_after_the_bounded_number_of_attempts()
        {
            await _emu.SetFaultsAsync("""{"path":"/records/sync","kind":"status","status":503}""");
            using var client = Client(maxRetries: 2);
            var e = await Assert.ThrowsAsync<CdfApiException>(() => ReadAllAsync(client, Seeded(), flat: false));
            await _emu.SetFaultsAsync("");
            Assert.Equal(CdfErrorKind.ServerError, e.Kind);
            Assert.Equal(503, e.StatusCode);
            Assert.Contains("3 attempts", e.Message);
            Assert.False(string.IsNullOrEmpty(e.RequestId));
        }

        [Fact]
        public async Task A_401_asks_the_token_source_once_more_then_succeeds()
        {
            await _emu.SetFaultsAsync("""{"path":"/records/sync","kind":"status","status":401,"count":1}""");
            var calls = 0;
            var tokens = new DelegateTokenSource(_ => { Interlocked.Increment(ref calls); return Task.FromResult(CoreEmulator.Token); });
            using var client = Client(tokens);
            var items = await ReadAllAsync(client, Seeded(), flat: false);
            Assert.Equal(2500, items.Count);
            Assert.Equal(2, calls);
        }

        [Fact]
        public async Task A_401_after_the_refresh_fails_as_authentication()
        {
            await _emu.SetFaultsAsync("");
            var tokens = new DelegateTokenSource(_ => Task.FromResult("not-a-valid-token"));
            using var client = Client(tokens);
            var e = await Assert.ThrowsAsync<CdfApiException>(() => ReadAllAsync(client, Seeded(), flat: false));
            Assert.Equal(CdfErrorKind.Authentication, e.Kind);
            Assert.Equal(401, e.StatusCode);
            Assert.DoesNotContain("not-a-valid-token", e.Message);
        }

        [Fact]
        public async Task Debug_messages_redact_the_token()
        {
            await _emu.SetFaultsAsync("");
            var observer = new Observer();
            using var client = Client();
            var request = Seeded();
            request.MaxRecords = 10;
            await ReadAllAsync(client, request, observer: observer);
            Assert.Contains(observer.Debugs, m => m.Contains("/records/sync (Authorization: Bearer <redacted>)"));
            Assert.Contains(observer.Debugs, m => m.StartsWith("200 OK in "));
            Assert.DoesNotContain(observer.Debugs, m => m.Contains(CoreEmulator.Token));
        }

        [Fact]
        public async Task A_missing_stream_is_NotFound_with_the_API_message()
        {
            await _emu.SetFaultsAsync("");
            using var client = Client();
            var e = await Assert.ThrowsAsync<CdfApiException>(() => ReadAllAsync(client, new SyncRequest("nothing-here") { InitializeCursor = "1d-ago" }, flat: false));
            Assert.Equal(CdfErrorKind.NotFound, e.Kind);
            Assert.Equal(404, e.ApiCode);
            Assert.Contains("nothing-here", e.Message);
        }

        [Fact]
        public async Task A_container_that_does_not_exist_is_named()
        {
            await _emu.SetFaultsAsync("");
            using var client = Client();
            var e = await Assert.ThrowsAsync<SourceNotFoundException>(() =>
                SyncEngine.ResolveColumnsAsync(client, SourceParser.Parse(new object?[] { "emulator/nothere" }), null, CancellationToken.None));
            Assert.Equal("ContainerNotFound", e.ErrorId);
            Assert.Contains("emulator/nothere", e.Message);
        }

        [Theory]
        [InlineData("http://cdf.example.invalid", false)]
        [InlineData("http://10.0.0.1:8080", false)]
        [InlineData("ftp://127.0.0.1", false)]
        [InlineData("https://cdf.example.invalid", true)]
        [InlineData("http://127.0.0.1:1", true)]
        [InlineData("http://127.8.9.1:1", true)]
        [InlineData("http://localhost:1", true)]
        [InlineData("http://[::1]:1", true)]
        public void A_token_goes_over_plain_http_only_to_loopback(string url, bool allowed)
        {
            Assert.Equal(allowed, CdfClientOptions.IsSafeForBearer(new Uri(url)));
            if (!allowed)
            {
                var e = Assert.Throws<CdfApiException>(() => new CdfApiClient(new CdfClientOptions { BaseUrl = new Uri(url), Project = "p" }, new StaticTokenSource("t")));
                Assert.Equal(CdfErrorKind.Refused, e.Kind);
            }
        }
    }
}
