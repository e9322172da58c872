using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Auth;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Records;
using Xunit;

namespace CogniteRecords.Core.Tests
{
    /// <summary>
    /// Issue 16: reads lag writes. After a retried ingest meets 409, the writer's read-back waits and looks again while the
    /// records may not be readable yet, and never reports a record it wrote as failed. Against the emulator with its
    /// visibility delay on and a connection dropped after the request was processed.
    /// </summary>
    public sealed class RecordWriterVisibilityTests : IClassFixture<CoreEmulator>
    {
        private readonly CoreEmulator _emu;

        public RecordWriterVisibilityTests(CoreEmulator emu) => _emu = emu;

        /// <summary>Counts ingest and filter requests (attempts, retries included).</summary>
        private sealed class Counter : DelegatingHandler
        {
            public int Ingests, Filters;
            public Counter() : base(new SocketsHttpHandler()) { }
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var path = request.RequestUri!.AbsolutePath;
                if (path.EndsWith("/records", StringComparison.Ordinal)) Interlocked.Increment(ref Ingests);
                if (path.EndsWith("/records/filter", StringComparison.Ordinal)) Interlocked.Increment(ref Filters);
                return base.SendAsync(request, cancellationToken);
            }
        }

        private static PendingRecord Item(int i) => new PendingRecord(i, "w", "r" + i, Encoding.UTF8.GetBytes(
            "{\"space\":\"w\",\"externalId\":\"r" + i + "\",\"sources\":[{\"source\":{\"type\":\"container\",\"space\":\"w\",\"externalId\":\"c\"},\"properties\":{\"n\":" + i + ",\"t\":\"v\"}}]}"));

        private async Task<(RecordWriter Writer, Counter Counter)> WriteLostAsync(string stream, TimeSpan visibilityDelay, RecordWriterOptions options)
        {
            await _emu.NewStreamAsync(stream);
            _emu.Host.Runtime.Store.Policy.VisibilityDelay = visibilityDelay;
            try
            {
                // 'drop' processes the request (the records are written), then cuts the answer: the client retries, and meets 409.
                _emu.Host.Runtime.Faults.Add(JsonDocument.Parse("{\"kind\":\"drop\",\"count\":1,\"path\":\"/streams/" + stream + "/records\"}").RootElement);
                var counter = new Counter();
                using var client = new CdfApiClient(new CdfClientOptions
                {
                    BaseUrl = new Uri(_emu.Host.HttpUrl),
                    Project = CoreEmulator.Project,
                    RetryDelay = TimeSpan.FromMilliseconds(10),
                }, new StaticTokenSource(CoreEmulator.Token), counter);
                var writer = new RecordWriter(client, options, null);
                foreach (var r in Enumerable.Range(1, 20).Select(Item)) await writer.AddAsync(r, CancellationToken.None);
                await writer.CompleteAsync(CancellationToken.None);
                Assert.Equal(writer.Accepted, writer.Succeeded + writer.Failed + writer.NotVerified);
                return (writer, counter);
            }
            finally
            {
                _emu.Host.Runtime.Store.Policy.VisibilityDelay = TimeSpan.Zero;
            }
        }

        [Fact]
        public async Task Records_not_readable_yet_are_looked_up_again_until_they_are_and_count_as_written()
        {
            var (writer, counter) = await WriteLostAsync("lagging", TimeSpan.FromSeconds(1),
                new RecordWriterOptions("lagging", RecordOperation.Ingest, true) { Containers = new[] { ("w", "c") } });
            var outcomes = writer.Outcomes.ToList();
            Assert.Equal(20, outcomes.Count);
            Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Message));
            Assert.All(outcomes, o => Assert.Contains("earlier attempt had landed", o.Note));
            Assert.Equal(0, writer.Failed);
            Assert.Equal(2, counter.Ingests);          // the dropped one and its retry: nothing was sent again after the 409
            Assert.InRange(counter.Filters, 2, 10);    // looked again (the first lookup cannot see them), and not in a tight loop
        }

        [Fact]
        public async Task Records_that_stay_unreadable_are_RecordNotVerified_never_failed_and_not_sent_again()
        {
            var (writer, counter) = await WriteLostAsync("unreadable", TimeSpan.FromHours(1),
                new RecordWriterOptions("unreadable", RecordOperation.Ingest, true) { Containers = new[] { ("w", "c") }, VerifyTimeout = TimeSpan.FromSeconds(1) });
            var outcomes = writer.Outcomes.ToList();
            Assert.Equal(20, outcomes.Count);
            Assert.All(outcomes, o =>
            {
                Assert.False(o.Succeeded);
                Assert.True(o.NotVerified);
                Assert.Equal("RecordNotVerified", o.ErrorId);
                Assert.Contains("probably written", o.Message);
                Assert.Contains("could not be read back", o.Message);
                Assert.Contains("not counted as failed", o.Message);
            });
            Assert.Equal(0, writer.Failed);
            Assert.Equal(20, writer.NotVerified);
            Assert.Equal(2, counter.Ingests);
            Assert.InRange(counter.Filters, 2, 5);     // pauses of 0.25 and 0.5 s within the 1 s bound, not a tight loop
        }

        [Fact]
        public async Task A_lookup_that_keeps_failing_is_RecordNotVerified_naming_the_failure()
        {
            await _emu.NewStreamAsync("nolookup");
            _emu.Host.Runtime.Faults.Add(JsonDocument.Parse("{\"kind\":\"drop\",\"count\":1,\"path\":\"/streams/nolookup/records\"}").RootElement);
            _emu.Host.Runtime.Faults.Add(JsonDocument.Parse("{\"status\":403,\"path\":\"/streams/nolookup/records/filter\"}").RootElement);
            try
            {
                using var client = new CdfApiClient(new CdfClientOptions
                {
                    BaseUrl = new Uri(_emu.Host.HttpUrl),
                    Project = CoreEmulator.Project,
                    RetryDelay = TimeSpan.FromMilliseconds(10),
                }, new StaticTokenSource(CoreEmulator.Token), new SocketsHttpHandler());
                var writer = new RecordWriter(client, new RecordWriterOptions("nolookup", RecordOperation.Ingest, true)
                { Containers = new[] { ("w", "c") }, VerifyTimeout = TimeSpan.FromSeconds(0.5) }, null);
                foreach (var r in Enumerable.Range(1, 3).Select(Item)) await writer.AddAsync(r, CancellationToken.None);
                await writer.CompleteAsync(CancellationToken.None);
                var outcomes = writer.Outcomes.ToList();
                Assert.All(outcomes, o => Assert.True(o.NotVerified));
                Assert.All(outcomes, o => Assert.Contains("reading it back failed: 403", o.Message));
                Assert.Equal(0, writer.Failed);
            }
            finally
            {
                _emu.Host.Runtime.Faults.Clear();
            }
        }
    }
}
