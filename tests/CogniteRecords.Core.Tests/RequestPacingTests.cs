using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Auth;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Streams;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Core.Tests
{
    /// <summary>Pacing within the request budgets: which budget a call counts against, and that one client keeps to it.</summary>
    public class RequestPacingTests : IClassFixture<CoreEmulator>
    {
        private readonly CoreEmulator _emu;
        private static readonly Uri Project = new Uri("https://x.cognitedata.com/api/v1/projects/p/");

        public RequestPacingTests(CoreEmulator emu) => _emu = emu;

        /// <summary>Counts requests in flight (until their headers arrive) and keeps each request's path, method and start time.</summary>
        private sealed class Watch : DelegatingHandler
        {
            private readonly int _delayMs;
            private int _inFlight;
            public int MaxInFlight;
            public readonly ConcurrentQueue<(string Method, string Path, long StartMs)> Sent = new ConcurrentQueue<(string, string, long)>();
            private readonly Stopwatch _clock = Stopwatch.StartNew();

            public Watch(int delayMs = 0) : base(new SocketsHttpHandler()) { _delayMs = delayMs; }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Sent.Enqueue((request.Method.Method, request.RequestUri!.AbsolutePath, _clock.ElapsedMilliseconds));
                var now = Interlocked.Increment(ref _inFlight);
                lock (this) MaxInFlight = Math.Max(MaxInFlight, now);
                try
                {
                    if (_delayMs > 0) await Task.Delay(_delayMs, cancellationToken);
                    return await base.SendAsync(request, cancellationToken);
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }
            }
        }

        private CdfApiClient Client(HttpMessageHandler handler, RequestBudgets? budgets) => new CdfApiClient(new CdfClientOptions
        {
            BaseUrl = new Uri(_emu.Host.HttpUrl),
            Project = CoreEmulator.Project,
            RetryDelay = TimeSpan.FromMilliseconds(10),
            Budgets = budgets,
        }, new StaticTokenSource(CoreEmulator.Token), handler);

        private static RequestBudgets Only(BudgetClass budget, double perSecond, int concurrency) =>
            new RequestBudgets(new Dictionary<BudgetClass, BudgetLimit> { [budget] = new BudgetLimit(perSecond, concurrency) });

        [Theory]
        [InlineData("POST", "streams/s/records", BudgetClass.RecordsIngest, null)]
        [InlineData("POST", "streams/s/records/upsert", BudgetClass.RecordsIngest, null)]
        [InlineData("POST", "streams/s/records/delete", BudgetClass.RecordsIngest, null)]
        [InlineData("POST", "streams/s/records/sync", BudgetClass.RecordsQueryImmutable, "s")]
        [InlineData("POST", "streams/a%20b/records/filter", BudgetClass.RecordsQueryImmutable, "a b")]
        [InlineData("POST", "streams/s/records/aggregate", BudgetClass.RecordsQueryImmutable, "s")]
        [InlineData("POST", "streams", BudgetClass.StreamCreateDelete, null)]
        [InlineData("POST", "streams/delete", BudgetClass.StreamCreateDelete, null)]
        [InlineData("GET", "streams", BudgetClass.StreamListRetrieve, null)]
        [InlineData("GET", "streams/s?includeStatistics=true", BudgetClass.StreamListRetrieve, null)]
        [InlineData("POST", "models/containers/byids", BudgetClass.None, null)]
        [InlineData("GET", "streams/s/records", BudgetClass.None, null)]
        public void Each_call_counts_against_its_documented_budget(string method, string path, BudgetClass expected, string? queryStream)
        {
            var (budget, stream) = RequestBudgets.Classify(new HttpMethod(method), Project, new Uri(Project, path));
            Assert.Equal(expected, budget);
            Assert.Equal(queryStream, stream);
            Assert.Equal(BudgetClass.None, RequestBudgets.Classify(HttpMethod.Get, Project, new Uri("https://x.cognitedata.com/api/v1/token/inspect")).Budget);
        }

        [Fact]
        public void The_per_identity_budgets_are_the_documented_ones_and_a_share_scales_them()
        {
            var full = RequestBudgets.PerIdentity();
            Assert.Equal((30.0, 15), (full[BudgetClass.RecordsIngest]!.RequestsPerSecond, full[BudgetClass.RecordsIngest]!.Concurrency));
            Assert.Equal((30.0, 22), (full[BudgetClass.RecordsQueryMutable]!.RequestsPerSecond, full[BudgetClass.RecordsQueryMutable]!.Concurrency));
            Assert.Equal((7.0, 7), (full[BudgetClass.RecordsQueryImmutable]!.RequestsPerSecond, full[BudgetClass.RecordsQueryImmutable]!.Concurrency));
            Assert.Equal((1.0, 1), (full[BudgetClass.StreamCreateDelete]!.RequestsPerSecond, full[BudgetClass.StreamCreateDelete]!.Concurrency));
            Assert.Equal((3.0, 2), (full[BudgetClass.StreamListRetrieve]!.RequestsPerSecond, full[BudgetClass.StreamListRetrieve]!.Concurrency));
            Assert.Null(full[BudgetClass.None]);

            var half = RequestBudgets.PerIdentity(0.5);
            Assert.Equal(0.5, half.Share);
            Assert.Equal((15.0, 11), (half[BudgetClass.RecordsQueryMutable]!.RequestsPerSecond, half[BudgetClass.RecordsQueryMutable]!.Concurrency));
            // Never below one request at a time.
            Assert.Equal(1, RequestBudgets.PerIdentity(0.01)[BudgetClass.StreamListRetrieve]!.Concurrency);
            Assert.Throws<ArgumentOutOfRangeException>(() => RequestBudgets.PerIdentity(0));
            Assert.Throws<ArgumentOutOfRangeException>(() => RequestBudgets.PerIdentity(1.5));
        }

        [Fact]
        public void The_query_response_volume_is_three_MB_a_second_per_identity_and_a_share_scales_it()
        {
            Assert.Equal(3e6, RequestBudgets.PerIdentity().QueryResponseBytesPerSecond);
            Assert.Equal(1.5e6, RequestBudgets.PerIdentity(0.5).QueryResponseBytesPerSecond);
        }

        [Fact]
        public async Task A_query_waits_until_the_weight_of_the_answers_before_it_is_paid_back()
        {
            // 1 MB/s: a bucket of 950 kB (95%), refilled 47 kB every 50 ms.
            using var pacer = new RequestPacer(new RequestBudgets(new Dictionary<BudgetClass, BudgetLimit>(), 1, 1e6));
            Assert.Equal(0, await pacer.TakeExpectedVolumeAsync(BudgetClass.StreamListRetrieve, CancellationToken.None)); // not a query
            var taken = await pacer.TakeExpectedVolumeAsync(BudgetClass.RecordsQueryMutable, CancellationToken.None);
            Assert.Equal(64, taken);                                   // before any answer: 64 kB expected
            // The answer weighed 950 kB: the rest is paid at once (the bucket had it), leaving it empty.
            await pacer.PayVolumeAsync(BudgetClass.RecordsQueryMutable, taken, 950_000, CancellationToken.None);
            // The next query expects half the old guess plus half the last answer (507 kB), and must wait for the refill.
            var next = pacer.TakeExpectedVolumeAsync(BudgetClass.RecordsQueryImmutable, CancellationToken.None).AsTask();
            Assert.False(next.IsCompleted);
            Assert.Equal(507, await next);
        }

        [Theory]
        [InlineData(1.0)]
        [InlineData(0.5)]
        [InlineData(0.25)]
        public void The_pace_fits_any_one_second_window_and_uses_most_of_the_budget(double share)
        {
            foreach (var pair in RequestBudgets.PerIdentity(share).Limits)
            {
                var budget = pair.Value.RequestsPerSecond;
                var (rate, burst) = RequestPacer.Pace(pair.Value);
                Assert.True(burst >= 1, $"{pair.Key}: burst {burst}");
                // In a window [t, t+1 s) a bucket of `burst` tokens filled at `rate` starts at most burst + ceil(rate) - 1 requests
                // (checked for whole budgets: a server counting per second allows a whole number).
                if (budget >= 1 && budget == Math.Floor(budget)) Assert.True(burst + Math.Ceiling(rate) - 1 <= budget + 1e-9, $"{pair.Key} at share {share}: {burst} + {rate} per second in a budget of {budget}");
                Assert.True(rate >= 0.9 * budget, $"{pair.Key} at share {share}: {rate} per second is under 90% of {budget}");
            }
        }

        [Fact]
        public async Task Callers_of_one_client_share_its_concurrency()
        {
            await _emu.NewStreamAsync("pace-slots");
            var watch = new Watch(delayMs: 150);
            using var client = Client(watch, Only(BudgetClass.StreamListRetrieve, 1000, 2));
            await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => StreamsApi.RetrieveAsync(client, "pace-slots", false, null, CancellationToken.None)));
            Assert.Equal(10, watch.Sent.Count);
            Assert.Equal(2, watch.MaxInFlight);

            // Other budgets are not held back by this one.
            var free = new Watch(delayMs: 150);
            using var unpaced = Client(free, Only(BudgetClass.RecordsIngest, 1000, 1));
            await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => StreamsApi.RetrieveAsync(unpaced, "pace-slots", false, null, CancellationToken.None)));
            Assert.True(free.MaxInFlight > 2, $"at most {free.MaxInFlight} in flight without a budget");
        }

        [Fact]
        public async Task Callers_of_one_client_share_its_request_rate()
        {
            await _emu.NewStreamAsync("pace-rate");
            var watch = new Watch();
            var limit = new BudgetLimit(5, 10);
            using var client = Client(watch, Only(BudgetClass.StreamListRetrieve, limit.RequestsPerSecond, limit.Concurrency));
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 11).Select(_ => StreamsApi.RetrieveAsync(client, "pace-rate", false, null, CancellationToken.None)));
            clock.Stop();
            // 11 requests: the burst at once, then one per 1/rate seconds (a busy machine only makes it slower).
            var (rate, burst) = RequestPacer.Pace(limit);
            var least = (11 - burst) / rate;
            Assert.True(clock.Elapsed.TotalSeconds >= least - 0.1, $"11 requests took {clock.Elapsed.TotalSeconds:0.00} s; the pace allows no less than {least:0.00} s");
        }

        [Fact]
        public async Task A_query_is_paced_by_its_stream_type_which_is_read_once()
        {
            await _emu.NewStreamAsync("pace-live", "BasicLiveData");
            await _emu.NewStreamAsync("pace-arch", "ImmutableTestStream");
            var watch = new Watch();
            using var client = Client(watch, RequestBudgets.PerIdentity());
            Task<BudgetClass> Of(string stream) => client.BudgetOfAsync(HttpMethod.Post, client.ProjectUri("streams/" + stream + "/records/sync"), null, CancellationToken.None);

            // Callers that ask at once share one read.
            Assert.All(await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Of("pace-live"))), b => Assert.Equal(BudgetClass.RecordsQueryMutable, b));
            Assert.Equal(BudgetClass.RecordsQueryMutable, await Of("pace-live"));
            Assert.Equal(BudgetClass.RecordsQueryImmutable, await Of("pace-arch"));
            Assert.Equal(BudgetClass.RecordsQueryImmutable, await Of("pace-arch"));
            // A stream that does not exist: the stricter budget, and not asked for again.
            Assert.Equal(BudgetClass.RecordsQueryImmutable, await Of("pace-none"));
            Assert.Equal(BudgetClass.RecordsQueryImmutable, await Of("pace-none"));
            var retrieves = watch.Sent.Where(s => s.Method == "GET").Select(s => s.Path.Substring(s.Path.LastIndexOf('/') + 1)).ToList();
            Assert.Equal(new[] { "pace-live", "pace-arch", "pace-none" }, retrieves);

            // What a Streams call returned is known without asking.
            var listed = new Watch();
            using var other = Client(listed, RequestBudgets.PerIdentity());
            await StreamsApi.ListAsync(other, null, CancellationToken.None);
            Assert.Equal(BudgetClass.RecordsQueryMutable, await other.BudgetOfAsync(HttpMethod.Post, other.ProjectUri("streams/pace-live/records/filter"), null, CancellationToken.None));
            Assert.Single(listed.Sent);

            // Without budgets a sync sends nothing but its own request.
            var none = new Watch();
            using var unpaced = Client(none, null);
            var reader = SyncEngine.Open(unpaced, new SyncRequest("pace-live") { InitializeCursor = "1d-ago" }, null, null, null);
            Assert.NotNull(await reader.ReadNextAsync(CancellationToken.None));
            Assert.Equal(new[] { "POST" }, none.Sent.Select(s => s.Method));
        }
    }
}
