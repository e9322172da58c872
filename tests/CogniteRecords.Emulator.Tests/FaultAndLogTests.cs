using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using static CogniteRecords.Emulator.Tests.EmulatorFixture;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>Every kind of injected fault, scripted sequences, path and method matching, and the request log.</summary>
    public sealed class FaultAndLogTests : IClassFixture<EmulatorFixture>, IAsyncLifetime
    {
        private readonly EmulatorFixture _f;

        public FaultAndLogTests(EmulatorFixture f) => _f = f;

        public async Task InitializeAsync()
        {
            await Admin(HttpMethod.Delete, "faults");
            await Admin(HttpMethod.Delete, "requests");
        }

        public Task DisposeAsync() => Admin(HttpMethod.Delete, "faults");

        private Task<Reply> Admin(HttpMethod method, string path, string? json = null) =>
            _f.Send(method, _f.Host.HttpUrl + "/_emulator/" + path, json, token: null);

        private async Task<int> AddFault(string json)
        {
            var r = await Ok(Admin(HttpMethod.Post, "faults", json));
            return r.Json.GetProperty("id").GetInt32();
        }

        [Theory]
        [InlineData(408)]
        [InlineData(429)]
        [InlineData(500)]
        [InlineData(502)]
        [InlineData(503)]
        [InlineData(504)]
        public async Task AStatusFaultAnswersInCdfShapeWithoutRetryAfter(int status)
        {
            await AddFault($"{{\"kind\":\"status\",\"status\":{status},\"count\":1}}");
            var r = await _f.Get("/streams");
            Assert.Equal(status, r.Code);
            Assert.Equal(status, r.Json.GetProperty("error").GetProperty("code").GetInt32());
            Assert.Null(r.Header("Retry-After"));
            Assert.NotNull(r.Header("x-request-id"));
            Assert.Equal(200, (await _f.Get("/streams")).Code);
        }

        [Fact]
        public async Task A429CanCarryRetryAfter()
        {
            await AddFault("{\"status\":429,\"retryAfter\":3,\"count\":1}");
            var r = await _f.Get("/streams");
            Assert.Equal(429, r.Code);
            Assert.Equal("3", r.Header("Retry-After"));
        }

        [Fact]
        public async Task ASequenceIsConsumedOneStepPerMatchingRequest()
        {
            await AddFault("{\"path\":\"/streams\",\"method\":\"GET\",\"sequence\":[{\"status\":503},{\"kind\":\"none\"},{\"status\":429,\"retryAfter\":1}]}");
            var codes = new int[4];
            for (int i = 0; i < 4; i++) codes[i] = (await _f.Get("/streams")).Code;
            Assert.Equal(new[] { 503, 200, 429, 200 }, codes);
            Assert.Equal(0, (await Admin(HttpMethod.Get, "faults")).Json.GetProperty("items").GetArrayLength());
        }

        [Fact]
        public async Task PathAndMethodLimitWhereAFaultApplies()
        {
            var s = await _f.NewStream();
            await AddFault("{\"status\":500,\"path\":\"/records/sync\"}");
            Assert.Equal(200, (await _f.Get("/streams")).Code);
            Assert.Equal(202, (await _f.Ingest(s, Item("r1"))).Code);
            Assert.Equal(500, (await _f.Sync(s, "{\"initializeCursor\":\"1d-ago\"}")).Code);
            await Admin(HttpMethod.Delete, "faults");
            await AddFault("{\"status\":502,\"method\":\"POST\"}");
            Assert.Equal(200, (await _f.Get("/streams")).Code);
            Assert.Equal(502, (await _f.Sync(s, "{\"initializeCursor\":\"1d-ago\"}")).Code);
        }

        [Fact]
        public async Task RateZeroNeverFiresAndRateOneAlwaysDoes()
        {
            var id = await AddFault("{\"status\":503,\"rate\":0}");
            for (int i = 0; i < 20; i++) Assert.Equal(200, (await _f.Get("/streams")).Code);
            Assert.Equal(200, (await Admin(HttpMethod.Delete, $"faults/{id}")).Code);
            await AddFault("{\"status\":503,\"rate\":1}");
            for (int i = 0; i < 5; i++) Assert.Equal(503, (await _f.Get("/streams")).Code);
        }

        [Fact]
        public async Task ASeededHalfRateFiresOnSomeRequestsOnly()
        {
            await AddFault("{\"status\":503,\"rate\":0.5,\"seed\":42}");
            var codes = Enumerable.Range(0, 40).Select(_ => _f.Get("/streams").GetAwaiter().GetResult().Code).ToList();
            Assert.Contains(503, codes);
            Assert.Contains(200, codes);
        }

        [Fact]
        public async Task LatencyDelaysButAnswersNormally()
        {
            await AddFault("{\"kind\":\"latency\",\"latencyMs\":50,\"count\":1}");
            var r = await _f.Get("/streams");
            Assert.Equal(200, r.Code);
            var logged = (await Admin(HttpMethod.Get, "requests")).Json.GetProperty("items").EnumerateArray().Last();
            Assert.Equal("latency", logged.GetProperty("fault").GetString());
        }

        [Fact]
        public async Task ADroppedConnectionFailsTheClientMidBody()
        {
            var s = await _f.NewStream();
            await Ok(_f.Ingest(s, Enumerable.Range(0, 50).Select(i => Item("r" + i)).ToArray()));
            await AddFault("{\"kind\":\"drop\",\"path\":\"/records/sync\",\"count\":1}");
            var ex = await Record.ExceptionAsync(() => _f.Sync(s, "{\"initializeCursor\":\"1d-ago\",\"limit\":50}"));
            Assert.True(ex is HttpRequestException or IOException, $"got {ex?.GetType().Name ?? "no exception"}");
            Assert.Equal(200, (await _f.Sync(s, "{\"initializeCursor\":\"1d-ago\",\"limit\":50}")).Code);
        }

        [Fact]
        public async Task ATruncatedBodyIsNotValidJson()
        {
            var s = await _f.NewStream();
            await Ok(_f.Ingest(s, Enumerable.Range(0, 20).Select(i => Item("r" + i)).ToArray()));
            await AddFault("{\"kind\":\"truncate\",\"path\":\"/records/sync\",\"count\":1}");
            var r = await _f.Sync(s, "{\"initializeCursor\":\"1d-ago\",\"limit\":50}");
            Assert.Equal(200, r.Code);
            Assert.StartsWith("{\"items\":[", r.Body);
            Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(r.Body));
        }

        [Theory]
        [InlineData("{\"kind\":\"explode\"}", "kind")]
        [InlineData("{\"status\":418}", "status")]
        [InlineData("{\"status\":503,\"rate\":2}", "rate")]
        [InlineData("{\"status\":503,\"colour\":1}", "colour")]
        [InlineData("{\"kind\":\"latency\"}", "latencyMs")]
        [InlineData("{\"sequence\":[]}", "sequence")]
        [InlineData("{\"sequence\":[{\"status\":503}],\"rate\":0.5}", "rate")]
        public async Task InvalidFaultsAre400(string body, string expected)
        {
            var r = await Admin(HttpMethod.Post, "faults", body);
            Assert.Equal(400, r.Code);
            Assert.Contains(expected, r.ErrorMessage);
        }

        [Fact]
        public async Task FaultsAreListedAndCleared()
        {
            await AddFault("{\"status\":503,\"rate\":0}");
            await AddFault("{\"sequence\":[{\"status\":500}],\"path\":\"/nowhere\"}");
            var list = (await Admin(HttpMethod.Get, "faults")).Json.GetProperty("items");
            Assert.Equal(2, list.GetArrayLength());
            Assert.Equal(503, list[0].GetProperty("fault").GetProperty("status").GetInt32());
            Assert.Equal(200, (await Admin(HttpMethod.Delete, "faults")).Code);
            Assert.Equal(0, (await Admin(HttpMethod.Get, "faults")).Json.GetProperty("items").GetArrayLength());
            Assert.Equal(404, (await Admin(HttpMethod.Delete, "faults/999")).Code);
        }

        [Fact]
        public async Task TheLogHoldsMethodPathQueryBodyStatusAndRequestIdButNeverTheToken()
        {
            var s = await _f.NewStream();
            await Admin(HttpMethod.Delete, "requests");
            var synced = await _f.Sync(s, "{\"initializeCursor\":\"2d-ago\",\"limit\":3}");
            await _f.Get($"/streams/{s}?includeStatistics=true", token: null);
            var items = (await Admin(HttpMethod.Get, "requests")).Json.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(2, items.Count);
            var sync = items[0];
            Assert.Equal("POST", sync.GetProperty("method").GetString());
            Assert.Equal($"/api/v1/projects/test/streams/{s}/records/sync", sync.GetProperty("path").GetString());
            Assert.Equal("{\"initializeCursor\":\"2d-ago\",\"limit\":3}", sync.GetProperty("body").GetString());
            Assert.True(sync.GetProperty("hasAuthorization").GetBoolean());
            Assert.Equal(200, sync.GetProperty("status").GetInt32());
            Assert.Equal(synced.Header("x-request-id"), sync.GetProperty("requestId").GetString());
            var get = items[1];
            Assert.Equal("?includeStatistics=true", get.GetProperty("query").GetString());
            Assert.False(get.GetProperty("hasAuthorization").GetBoolean());
            Assert.Equal(401, get.GetProperty("status").GetInt32());
            var raw = (await Admin(HttpMethod.Get, "requests")).Body;
            Assert.DoesNotContain(Token, raw);
        }

        [Fact]
        public async Task ALargeBodyIsLoggedCutAt256KB()
        {
            var s = await _f.NewStream();
            await Admin(HttpMethod.Delete, "requests");
            var text = new string('t', 100_000);
            await Ok(_f.Ingest(s, Item("a", $"{{\"txt\":\"{text}\"}}"), Item("b", $"{{\"txt\":\"{text}\"}}"), Item("c", $"{{\"txt\":\"{text}\"}}")));
            var logged = Assert.Single((await Admin(HttpMethod.Get, "requests")).Json.GetProperty("items").EnumerateArray());
            Assert.True(logged.GetProperty("bodyTruncated").GetBoolean());
            Assert.Equal(256 * 1024, logged.GetProperty("body").GetString()!.Length);
            Assert.Equal(3, (await _f.SyncAll(s)).Items.Length);
        }

        [Fact]
        public async Task TheLogFiltersByPathAndMethodAndRecordsFaults()
        {
            await AddFault("{\"status\":503,\"count\":1,\"path\":\"/streams\"}");
            await _f.Get("/streams");
            await _f.Post("/models/spaces", "{\"items\":[{\"space\":\"logged\"}]}");
            var streams = (await Admin(HttpMethod.Get, "requests?path=/streams&method=GET")).Json.GetProperty("items").EnumerateArray().ToList();
            var one = Assert.Single(streams);
            Assert.Equal(503, one.GetProperty("status").GetInt32());
            Assert.Equal("status 503", one.GetProperty("fault").GetString());
            Assert.Single((await Admin(HttpMethod.Get, "requests?method=POST")).Json.GetProperty("items").EnumerateArray());
            await Admin(HttpMethod.Delete, "requests");
            Assert.Equal(0, (await Admin(HttpMethod.Get, "requests")).Json.GetProperty("items").GetArrayLength());
        }
    }
}
