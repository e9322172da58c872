using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Tasks;
using static CogniteRecords.Emulator.Tests.EmulatorFixture;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>The filter language end to end: over real HTTP through the sync and filter endpoints.</summary>
    public sealed class FilterEndpointTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _f;
        // One sample stream per emulator: xUnit makes a new instance of this class for every test.
        private static readonly ConditionalWeakTable<EmulatorFixture, Task<string>> Samples = new();

        public FilterEndpointTests(EmulatorFixture f) => _f = f;

        private static string Id(JsonElement item) => item.GetProperty("externalId").GetString()!;

        /// <summary>Three records: a and b in container all with every type, c only in container second.</summary>
        private async Task<string> NewSampleStream()
        {
            var s = await _f.NewStream();
            await Ok(_f.Ingest(s,
                Item("a", """
                    {"txt": "pear", "b": true, "f64": 1.5, "i64": 3, "ts": "2024-01-01T00:00:00Z", "dt": "2024-02-29",
                     "js": {"k": [1, {"z": "q"}]}, "rel": {"space": "sp", "externalId": "x1"}, "tags": ["x", "y"], "nums": [1, 2]}
                    """),
                Item("b", """
                    {"txt": "apple", "b": false, "f64": 2, "i64": 1, "ts": "2024-06-01T12:00:00.500Z", "dt": "2023-01-01",
                     "js": {"k": [1]}, "rel": {"space": "sp", "externalId": "x2"}, "tags": ["z"], "nums": [3]}
                    """),
                Item("c", "{\"x\": 5}", container: "second")));
            return s;
        }

        private Task<string> SampleStream()
        {
            lock (Samples) return Samples.GetValue(_f, _ => NewSampleStream());
        }

        private async Task<string[]> SyncIds(string stream, string filter) =>
            (await _f.SyncAll(stream, extra: ",\"filter\":" + filter)).Items.Select(Id).OrderBy(x => x).ToArray();

        private async Task<string[]> FilterIds(string stream, string filter) =>
            (await Ok(_f.Post($"/streams/{stream}/records/filter", $"{{\"filter\":{filter},\"limit\":100}}")))
                .Json.GetProperty("items").EnumerateArray().Select(Id).OrderBy(x => x).ToArray();

        [Theory]
        [InlineData("{\"equals\":{\"property\":[\"sp\",\"all\",\"txt\"],\"value\":\"pear\"}}", "a")]
        [InlineData("{\"equals\":{\"property\":[\"sp\",\"all\",\"b\"],\"value\":false}}", "b")]
        [InlineData("{\"equals\":{\"property\":[\"sp\",\"all\",\"f64\"],\"value\":2.0}}", "b")]
        [InlineData("{\"equals\":{\"property\":[\"sp\",\"all\",\"i64\"],\"value\":3.0}}", "a")]
        [InlineData("{\"equals\":{\"property\":[\"sp\",\"all\",\"ts\"],\"value\":\"2023-12-31T19:00:00-05:00\"}}", "a")]
        [InlineData("{\"equals\":{\"property\":[\"sp\",\"all\",\"ts\"],\"value\":1717243200500}}", "b")]
        [InlineData("{\"equals\":{\"property\":[\"sp\",\"all\",\"dt\"],\"value\":\"2024-02-29\"}}", "a")]
        [InlineData("{\"equals\":{\"property\":[\"sp\",\"all\",\"rel\"],\"value\":{\"externalId\":\"x2\",\"space\":\"sp\"}}}", "b")]
        [InlineData("{\"equals\":{\"property\":[\"sp\",\"all\",\"js\"],\"value\":{\"k\":[1,{\"z\":\"q\"}]}}}", "a")]
        [InlineData("{\"in\":{\"property\":[\"sp\",\"all\",\"i64\"],\"values\":[1,3]}}", "a,b")]
        [InlineData("{\"prefix\":{\"property\":[\"sp\",\"all\",\"txt\"],\"value\":\"ap\"}}", "b")]
        [InlineData("{\"range\":{\"property\":[\"sp\",\"all\",\"ts\"],\"gte\":\"2024-03-01\"}}", "b")]
        [InlineData("{\"range\":{\"property\":[\"sp\",\"all\",\"dt\"],\"lt\":\"2024-01-01\"}}", "b")]
        [InlineData("{\"range\":{\"property\":[\"sp\",\"all\",\"f64\"],\"gt\":1.5}}", "b")]
        [InlineData("{\"containsAny\":{\"property\":[\"sp\",\"all\",\"tags\"],\"values\":[\"y\",\"z\"]}}", "a,b")]
        [InlineData("{\"containsAll\":{\"property\":[\"sp\",\"all\",\"nums\"],\"values\":[2,1]}}", "a")]
        [InlineData("{\"exists\":{\"property\":[\"sp\",\"second\",\"x\"]}}", "c")]
        [InlineData("{\"hasData\":[{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"second\"}]}", "c")]
        [InlineData("{\"hasData\":[{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"all\"},{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"second\"}]}", "a,b,c")]
        [InlineData("{\"not\":{\"hasData\":[{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"all\"}]}}", "c")]
        [InlineData("{\"equals\":{\"property\":[\"externalId\"],\"value\":\"c\"}}", "c")]
        [InlineData("{\"prefix\":{\"property\":[\"space\"],\"value\":\"s\"}}", "a,b,c")]
        [InlineData("{\"range\":{\"property\":[\"createdTime\"],\"gte\":\"2000-01-01T00:00:00Z\"}}", "a,b,c")]
        [InlineData("{\"range\":{\"property\":[\"lastUpdatedTime\"],\"lt\":946684800000}}", "")]
        [InlineData("{\"or\":[{\"equals\":{\"property\":[\"sp\",\"all\",\"txt\"],\"value\":\"pear\"}},{\"equals\":{\"property\":[\"sp\",\"second\",\"x\"],\"value\":5}}]}", "a,c")]
        [InlineData("{\"and\":[{\"matchAll\":{}},{\"not\":{\"equals\":{\"property\":[\"sp\",\"all\",\"b\"],\"value\":true}}}]}", "b,c")]
        public async Task EveryOperatorThroughSyncAndFilter(string filter, string expected)
        {
            var s = await SampleStream();
            string[] want = expected.Length == 0 ? new string[0] : expected.Split(',');
            Assert.Equal(want, await SyncIds(s, filter));
            Assert.Equal(want, await FilterIds(s, filter));
        }

        [Theory]
        [InlineData("sync")]
        [InlineData("filter")]
        public async Task AnInvalidFilterIsA400NamingThePart(string endpoint)
        {
            var s = await SampleStream();
            const string Bad = "{\"and\":[{\"matchAll\":{}},{\"range\":{\"property\":[\"sp\",\"all\",\"i64\"],\"gt\":1,\"gte\":2}}]}";
            string body = endpoint == "sync" ? $"{{\"initializeCursor\":\"1d-ago\",\"filter\":{Bad}}}" : $"{{\"filter\":{Bad}}}";
            var r = await _f.Post($"/streams/{s}/records/{endpoint}", body);
            Assert.Equal(400, r.Code);
            Assert.Equal(400, r.Json.GetProperty("error").GetProperty("code").GetInt32());
            Assert.Equal("filter.and[1].range: at most one lower bound (gt or gte)", r.ErrorMessage);
            Assert.False(string.IsNullOrEmpty(r.Header("x-request-id")));
        }

        [Theory]
        [InlineData("{\"equals\":{\"property\":[\"sp\",\"all\",\"tags\"],\"value\":\"x\"}}", "filter.equals.property: equals needs a single-valued property")]
        [InlineData("{\"exists\":{\"property\":[\"sp\",\"all\",\"nope\"]}}", "filter.exists.property: unknown property [sp, all, nope]")]
        [InlineData("{\"prefix\":{\"property\":[\"createdTime\"],\"value\":\"1\"}}", "filter.prefix.property: prefix does not take the top-level field 'createdTime'")]
        [InlineData("{\"in\":{\"property\":[\"sp\",\"all\",\"i64\"],\"values\":[1,\"2\"]}}", "filter.in.values[1]: expected a number")]
        [InlineData("{\"equals\":{\"property\":[\"sp\",\"all\",\"txt\"],\"value\":\"a\"},\"not\":{\"matchAll\":{}}}", "filter: a filter must have exactly one key")]
        public async Task ValidationMessagesReachTheClient(string filter, string messageStart)
        {
            var s = await SampleStream();
            var r = await _f.Sync(s, $"{{\"initializeCursor\":\"1d-ago\",\"filter\":{filter}}}");
            Assert.Equal(400, r.Code);
            Assert.StartsWith(messageStart, r.ErrorMessage);
        }

        [Fact]
        public async Task SizeLimitsHoldOverHttp()
        {
            var s = await SampleStream();
            const string Leaf = "{\"exists\":{\"property\":[\"sp\",\"second\",\"x\"]}}";
            string Nodes(int n) => $"{{\"and\":[{{\"and\":[{string.Join(",", Enumerable.Repeat(Leaf, n - 2))}]}}]}}";
            Assert.Equal(new[] { "c" }, await SyncIds(s, Nodes(100)));
            var tooMany = await _f.Sync(s, $"{{\"initializeCursor\":\"1d-ago\",\"filter\":{Nodes(101)}}}");
            Assert.Equal(400, tooMany.Code);
            Assert.StartsWith("filter.and[0].and[98]: the filter has too many nodes", tooMany.ErrorMessage);

            string Deep(int depth) => string.Concat(Enumerable.Repeat("{\"not\":", depth - 1)) + "{\"matchAll\":{}}" + new string('}', depth - 1);
            Assert.Empty(await SyncIds(s, Deep(10)));
            var tooDeep = await _f.Sync(s, $"{{\"initializeCursor\":\"1d-ago\",\"filter\":{Deep(11)}}}");
            Assert.Equal(400, tooDeep.Code);
            Assert.Contains("at depth 11, at most 10", tooDeep.ErrorMessage);
        }

        [Fact]
        public async Task SyncReturnsTombstonesOnlyToTopLevelFilters()
        {
            var s = await NewSampleStream();
            await Ok(_f.Delete(s, "a"));
            Assert.Empty(await SyncIds(s, "{\"equals\":{\"property\":[\"sp\",\"all\",\"txt\"],\"value\":\"pear\"}}"));
            Assert.Equal(new[] { "b" }, await SyncIds(s, "{\"hasData\":[{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"all\"}]}"));
            var byId = (await _f.SyncAll(s, extra: ",\"filter\":{\"prefix\":{\"property\":[\"externalId\"],\"value\":\"a\"}}")).Items;
            Assert.Equal("a", Assert.Single(byId).GetProperty("externalId").GetString());
            Assert.Equal("deleted", byId[0].GetProperty("status").GetString());
        }
    }
}
