using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Auth;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Json;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Core.Tests
{
    /// <summary>The record writer's batching, splitting and per-record outcomes against the emulator.</summary>
    public class RecordsWriterTests : IClassFixture<CoreEmulator>
    {
        private readonly CoreEmulator _emu;

        public RecordsWriterTests(CoreEmulator emu) => _emu = emu;

        /// <summary>Keeps each request body sent (the emulator's log cuts bodies at 256 KB).</summary>
        private sealed class BodyRecorder : DelegatingHandler
        {
            public readonly ConcurrentQueue<(string Path, byte[] Body)> Sent = new ConcurrentQueue<(string, byte[])>();
            public BodyRecorder() : base(new SocketsHttpHandler()) { }
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.Content != null) Sent.Enqueue((request.RequestUri!.AbsolutePath, await request.Content.ReadAsByteArrayAsync(cancellationToken)));
                return await base.SendAsync(request, cancellationToken);
            }
        }

        private CdfApiClient Client(HttpMessageHandler handler) => new CdfApiClient(new CdfClientOptions
        {
            BaseUrl = new Uri(_emu.Host.HttpUrl),
            Project = CoreEmulator.Project,
            RetryDelay = TimeSpan.FromMilliseconds(10),
        }, new StaticTokenSource(CoreEmulator.Token), handler);

        private static PendingRecord Item(int i, string t = "", string property = "t", string space = "w") =>
            new PendingRecord(i, space, "r" + i, Encoding.UTF8.GetBytes(
                "{\"space\":\"" + space + "\",\"externalId\":\"r" + i + "\",\"sources\":[{\"source\":{\"type\":\"container\",\"space\":\"w\",\"externalId\":\"c\"},\"properties\":{\"n\":" + i + ",\"" + property + "\":\"" + t + "\"}}]}"));

        private static async Task<List<RecordOutcome>> WriteAsync(CdfApiClient client, RecordWriterOptions options, IEnumerable<PendingRecord> records)
        {
            var writer = new RecordWriter(client, options, null);
            foreach (var r in records) await writer.AddAsync(r, CancellationToken.None);
            await writer.CompleteAsync(CancellationToken.None);
            Assert.Equal(writer.Accepted, writer.Succeeded + writer.Failed);
            return writer.Outcomes.ToList();
        }

        private static int ItemsIn(byte[] body)
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.GetProperty("items").GetArrayLength();
        }

        [Fact]
        public async Task Batches_hold_at_most_1000_items_and_every_record_gets_one_outcome()
        {
            await _emu.NewStreamAsync("count");
            var recorder = new BodyRecorder();
            using var client = Client(recorder);
            var outcomes = await WriteAsync(client, new RecordWriterOptions("count", RecordOperation.Ingest, true), Enumerable.Range(1, 2001).Select(i => Item(i)));
            Assert.Equal(2001, outcomes.Count(o => o.Succeeded));
            Assert.Equal(Enumerable.Range(1, 2001).Select(i => "r" + i).OrderBy(x => x), outcomes.Select(o => o.Record.Key.ExternalId).OrderBy(x => x));
            Assert.Equal(new[] { 1, 1000, 1000 }, recorder.Sent.Select(s => ItemsIn(s.Body)).OrderBy(n => n));
        }

        [Fact]
        public async Task Batches_stay_within_the_byte_limit_measured_on_the_body_sent()
        {
            await _emu.NewStreamAsync("bytes");
            var recorder = new BodyRecorder();
            using var client = Client(recorder);
            var records = Enumerable.Range(10, 50).Select(i => Item(i, new string('x', 900))).ToList();
            var size = records[0].Json.Length;
            Assert.All(records, r => Assert.Equal(size, r.Json.Length));
            var options = new RecordWriterOptions("bytes", RecordOperation.Ingest, true) { MaxBytes = 12 + 10 * size + 9 };
            var outcomes = await WriteAsync(client, options, records);
            Assert.All(outcomes, o => Assert.True(o.Succeeded));
            // Exactly 10 items of this size fit the limit: the body is {"items":[a,b,...]} with 9 commas.
            Assert.Equal(5, recorder.Sent.Count);
            Assert.All(recorder.Sent, s => Assert.Equal(options.MaxBytes, s.Body.Length));
            Assert.Equal(ApiJson.BodySize(10L * size, 10), recorder.Sent.First().Body.Length);

            var tooBig = await WriteAsync(client, new RecordWriterOptions("bytes", RecordOperation.Ingest, true) { MaxBytes = 500 }, new[] { Item(99, new string('y', 600)) });
            Assert.Equal("RecordTooLarge", Assert.Single(tooBig).ErrorId);
        }

        [Fact]
        public async Task A_refused_item_fails_alone_and_the_rest_of_its_batch_lands()
        {
            await _emu.NewStreamAsync("split");
            using var client = Client(new SocketsHttpHandler());
            // Item 37 names a property the container does not define: the emulator refuses the whole request (400).
            var records = Enumerable.Range(1, 100).Select(i => i == 37 ? Item(i, "v", property: "nope") : Item(i)).ToList();
            var outcomes = await WriteAsync(client, new RecordWriterOptions("split", RecordOperation.Ingest, true), records);
            var failed = Assert.Single(outcomes, o => !o.Succeeded);
            Assert.Equal("r37", failed.Record.Key.ExternalId);
            Assert.Equal(400, failed.Error!.StatusCode);
            Assert.Contains("Record 'w/r37' (row 37)", failed.Message);
            Assert.Equal(99, outcomes.Count(o => o.Succeeded));
        }

        [Fact]
        public async Task Repeated_ids_on_a_mutable_stream_go_in_order_into_separate_requests()
        {
            await _emu.NewStreamAsync("repeat");
            var recorder = new BodyRecorder();
            using var client = Client(recorder);
            var records = new[] { Item(1, "first"), Item(2), Item(1, "second"), Item(3), Item(1, "third") };
            var outcomes = await WriteAsync(client, new RecordWriterOptions("repeat", RecordOperation.Upsert, true) { Concurrency = 4 }, records);
            Assert.All(outcomes, o => Assert.True(o.Succeeded));
            Assert.Equal(3, recorder.Sent.Count);
            var found = await RecordQuery.LookupAsync(client, "repeat", "w", new[] { "r1" }, new[] { ("w", "c") }, null, CancellationToken.None);
            Assert.Equal("third", found["r1"].GetProperty("properties").GetProperty("w").GetProperty("c").GetProperty("t").GetString());
        }

        [Fact]
        public async Task An_ingest_whose_answer_was_lost_is_recognised_by_reading_the_records_back()
        {
            await _emu.NewStreamAsync("lost");
            _emu.Host.Runtime.Faults.Add(JsonDocument.Parse("{\"kind\":\"drop\",\"count\":1,\"path\":\"/streams/lost/records\"}").RootElement);
            using var client = Client(new SocketsHttpHandler());
            var outcomes = await WriteAsync(client, new RecordWriterOptions("lost", RecordOperation.Ingest, true) { Containers = new[] { ("w", "c") } },
                Enumerable.Range(1, 10).Select(i => Item(i, "v")));
            Assert.All(outcomes, o => Assert.True(o.Succeeded));
            Assert.All(outcomes, o => Assert.Contains("earlier attempt had landed", o.Note));
        }

        /// <summary>
        /// A partly failed write ({"error": {"partial": [...]}}): the emulator never answers one, so this handler makes
        /// one, faking only that answer. It forwards the first half of the first ingest request's items to the emulator
        /// (they land) and answers 409 with 'partial': 202 for those, 500 for the rest, in shuffled order.
        /// </summary>
        private sealed class PartialAnswer : DelegatingHandler
        {
            public int Calls;
            public readonly List<int> ItemsSent = new List<int>();
            public PartialAnswer() : base(new SocketsHttpHandler()) { }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (!request.RequestUri!.AbsolutePath.EndsWith("/records", StringComparison.Ordinal)) return await base.SendAsync(request, cancellationToken);
                var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
                using var doc = JsonDocument.Parse(body);
                var items = doc.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetRawText()).ToList();
                ItemsSent.Add(items.Count);
                if (Interlocked.Increment(ref Calls) > 1) return await base.SendAsync(request, cancellationToken);

                var landed = items.Take(items.Count / 2).ToList();
                request.Content = new StringContent("{\"items\":[" + string.Join(",", landed) + "]}", Encoding.UTF8, "application/json");
                (await base.SendAsync(request, cancellationToken)).EnsureSuccessStatusCode();
                var partial = items.Select((text, i) =>
                {
                    using var item = JsonDocument.Parse(text);
                    var id = item.RootElement.GetProperty("externalId").GetString();
                    return "{\"space\":\"w\",\"externalId\":\"" + id + "\",\"code\":" + (i < landed.Count ? 202 : 500) + "}";
                }).Reverse();
                return new HttpResponseMessage(System.Net.HttpStatusCode.Conflict)
                {
                    Content = new StringContent("{\"error\":{\"code\":409,\"message\":\"Some items failed.\",\"partial\":[" + string.Join(",", partial) + "]}}", Encoding.UTF8, "application/json"),
                };
            }
        }

        [Fact]
        public async Task A_partial_answer_is_matched_by_id_and_only_the_failed_items_are_sent_again()
        {
            await _emu.NewStreamAsync("partial");
            var handler = new PartialAnswer();
            using var client = Client(handler);
            var outcomes = await WriteAsync(client, new RecordWriterOptions("partial", RecordOperation.Ingest, true) { Containers = new[] { ("w", "c") } },
                Enumerable.Range(1, 10).Select(i => Item(i, "v")));
            Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Message));
            Assert.Equal(new[] { 10, 5 }, handler.ItemsSent);
            var found = await RecordQuery.LookupAsync(client, "partial", "w", Enumerable.Range(1, 10).Select(i => "r" + i).ToList(), new[] { ("w", "c") }, null, CancellationToken.None);
            Assert.Equal(10, found.Count);
        }
    }
}
