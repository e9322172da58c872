using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using static CogniteRecords.Emulator.Tests.EmulatorFixture;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>POST /records/filter: filter, sort, limit, sources and the lastUpdatedTime rules.</summary>
    public sealed class RecordsQueryTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _f;

        public RecordsQueryTests(EmulatorFixture f) => _f = f;

        private static string Id(JsonElement item) => item.GetProperty("externalId").GetString()!;

        private Task<Reply> Filter(string stream, string body) => _f.Post($"/streams/{stream}/records/filter", body);

        private async Task<string> Stream(string template = "BasicLiveData")
        {
            var s = await _f.NewStream(template);
            await Ok(_f.Ingest(s,
                Item("a", "{\"i64\":3,\"txt\":\"pear\",\"tags\":[\"x\",\"y\"]}"),
                Item("b", "{\"i64\":1,\"txt\":\"apple\"}"),
                Item("c", "{\"i64\":2,\"txt\":\"plum\",\"tags\":[\"y\"]}"),
                Item("d", "{\"txt\":\"kiwi\"}")));
            return s;
        }

        [Fact]
        public async Task WithoutAFilterItReturnsLiveRecordsUpToTheLimitWithoutStatus()
        {
            var s = await Stream();
            await Ok(_f.Delete(s, "d"));
            var r = await Ok(Filter(s, "{\"limit\":2}"));
            var items = r.Json.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(2, items.Count);
            Assert.False(items[0].TryGetProperty("status", out _));
            Assert.True(items[0].TryGetProperty("properties", out _));
            Assert.False(r.Json.TryGetProperty("nextCursor", out _));
            var all = (await Ok(Filter(s, "{\"limit\":1000}"))).Json.GetProperty("items").EnumerateArray().Select(Id);
            Assert.Equal(new[] { "a", "b", "c" }, all);
            Assert.Equal(10, (await Ok(Filter(await StreamOf(15), "{}"))).Json.GetProperty("items").GetArrayLength());
        }

        private async Task<string> StreamOf(int n)
        {
            var s = await _f.NewStream();
            await Ok(_f.Ingest(s, Enumerable.Range(0, n).Select(i => Item("r" + i)).ToArray()));
            return s;
        }

        [Fact]
        public async Task AFilterSelectsRecords()
        {
            var s = await Stream();
            var r = await Ok(Filter(s, "{\"filter\":{\"containsAny\":{\"property\":[\"sp\",\"all\",\"tags\"],\"values\":[\"y\"]}},\"limit\":100}"));
            Assert.Equal(new[] { "a", "c" }, r.Json.GetProperty("items").EnumerateArray().Select(Id));
            var prefix = await Ok(Filter(s, "{\"filter\":{\"prefix\":{\"property\":[\"sp\",\"all\",\"txt\"],\"value\":\"p\"}},\"limit\":100}"));
            Assert.Equal(new[] { "a", "c" }, prefix.Json.GetProperty("items").EnumerateArray().Select(Id));
        }

        [Fact]
        public async Task SortOrdersByPropertiesAndTopLevelFieldsWithMissingValuesLast()
        {
            var s = await Stream();
            var asc = await Ok(Filter(s, "{\"sort\":[{\"property\":[\"sp\",\"all\",\"i64\"],\"direction\":\"ascending\"}],\"limit\":10}"));
            Assert.Equal(new[] { "b", "c", "a", "d" }, asc.Json.GetProperty("items").EnumerateArray().Select(Id));
            var desc = await Ok(Filter(s, "{\"sort\":[{\"property\":[\"sp\",\"all\",\"i64\"],\"direction\":\"descending\"}],\"limit\":10}"));
            Assert.Equal(new[] { "a", "c", "b", "d" }, desc.Json.GetProperty("items").EnumerateArray().Select(Id));
            var nullsFirst = await Ok(Filter(s, "{\"sort\":[{\"property\":[\"sp\",\"all\",\"i64\"],\"nullsFirst\":true}],\"limit\":10}"));
            Assert.Equal("d", Id(nullsFirst.Json.GetProperty("items")[0]));
            var byText = await Ok(Filter(s, "{\"sort\":[{\"property\":[\"sp\",\"all\",\"txt\"]}],\"limit\":2}"));
            Assert.Equal(new[] { "b", "d" }, byText.Json.GetProperty("items").EnumerateArray().Select(Id));
            var byId = await Ok(Filter(s, "{\"sort\":[{\"property\":[\"externalId\"],\"direction\":\"descending\"}],\"limit\":10}"));
            Assert.Equal(new[] { "d", "c", "b", "a" }, byId.Json.GetProperty("items").EnumerateArray().Select(Id));
        }

        [Theory]
        [InlineData("{\"sort\":[]}", "sort")]
        [InlineData("{\"sort\":[{\"property\":[\"status\"]}]}", "sort[0].property")]
        [InlineData("{\"sort\":[{\"property\":[\"sp\",\"all\",\"ghost\"]}]}", "sort[0].property")]
        [InlineData("{\"sort\":[{\"property\":[\"sp\",\"all\",\"tags\"]}]}", "list")]
        [InlineData("{\"sort\":[{\"property\":[\"space\"],\"direction\":\"up\"}]}", "sort[0].direction")]
        [InlineData("{\"sort\":[{\"property\":[\"space\"]},{\"property\":[\"space\"]},{\"property\":[\"space\"]},{\"property\":[\"space\"]},{\"property\":[\"space\"]},{\"property\":[\"space\"]}]}", "sort")]
        [InlineData("{\"limit\":1001}", "limit")]
        [InlineData("{\"cursor\":\"x\"}", "cursor")]
        [InlineData("{\"lastUpdatedTime\":{}}", "lastUpdatedTime")]
        [InlineData("{\"lastUpdatedTime\":{\"gt\":1,\"gte\":1}}", "lastUpdatedTime")]
        [InlineData("{\"lastUpdatedTime\":{\"gt\":\"yesterday\"}}", "lastUpdatedTime.gt")]
        [InlineData("{\"lastUpdatedTime\":{\"after\":1}}", "lastUpdatedTime.after")]
        public async Task InvalidFilterRequestsAre400(string body, string expected)
        {
            var s = await Stream();
            var r = await Filter(s, body);
            Assert.Equal(400, r.Code);
            Assert.Contains(expected, r.ErrorMessage);
        }

        [Fact]
        public async Task LastUpdatedTimeBoundsTakeEpochMillisecondsOrIsoStrings()
        {
            var s = await Stream();
            var now = DateTimeOffset.UtcNow;
            var future = now.AddHours(1).ToUnixTimeMilliseconds();
            Assert.Equal(0, (await Ok(Filter(s, $"{{\"lastUpdatedTime\":{{\"gt\":{future}}}}}"))).Json.GetProperty("items").GetArrayLength());
            Assert.Equal(4, (await Ok(Filter(s, $"{{\"lastUpdatedTime\":{{\"gte\":\"{now.AddHours(-1):yyyy-MM-ddTHH:mm:ssZ}\",\"lt\":{future}}}}}"))).Json.GetProperty("items").GetArrayLength());
            Assert.Equal(0, (await Ok(Filter(s, $"{{\"lastUpdatedTime\":{{\"lte\":\"{now.AddHours(-1):O}\"}}}}"))).Json.GetProperty("items").GetArrayLength());
        }

        [Fact]
        public async Task ImmutableStreamsNeedALowerBoundWithinTheFilteringInterval()
        {
            var s = await Stream("ImmutableTestStream");
            var none = await Filter(s, "{}");
            Assert.Equal(400, none.Code);
            Assert.Contains("lastUpdatedTime", none.ErrorMessage);
            var upperOnly = await Filter(s, $"{{\"lastUpdatedTime\":{{\"lt\":{DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds()}}}}}");
            Assert.Equal(400, upperOnly.Code);
            var tooWide = await Filter(s, $"{{\"lastUpdatedTime\":{{\"gte\":{DateTimeOffset.UtcNow.AddYears(-2).ToUnixTimeMilliseconds()}}}}}");
            Assert.Equal(400, tooWide.Code);
            Assert.Contains("maxFilteringInterval", tooWide.ErrorMessage);
            var ok = await Filter(s, $"{{\"lastUpdatedTime\":{{\"gte\":{DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds()}}},\"limit\":100}}");
            Assert.Equal(200, ok.Code);
            Assert.Equal(4, ok.Json.GetProperty("items").GetArrayLength());
        }

        [Fact]
        public async Task IncludeTypingAddsPropertyTypes()
        {
            var s = await Stream();
            var r = await Ok(Filter(s, "{\"includeTyping\":true,\"limit\":1}"));
            Assert.Equal("text", r.Json.GetProperty("typing").GetProperty("sp").GetProperty("all").GetProperty("txt").GetProperty("type").GetProperty("type").GetString());
            Assert.Equal(1, r.Json.GetProperty("items").GetArrayLength());
        }

        [Fact]
        public async Task SourcesSelectPropertiesInFilterResults()
        {
            var s = await Stream();
            var r = await Ok(Filter(s, "{\"sources\":[{\"source\":{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"all\"},\"properties\":[\"txt\"]}],\"limit\":1}"));
            var props = r.Json.GetProperty("items")[0].GetProperty("properties").GetProperty("sp").GetProperty("all");
            Assert.Equal(new[] { "txt" }, props.EnumerateObject().Select(p => p.Name));
        }
    }
}
