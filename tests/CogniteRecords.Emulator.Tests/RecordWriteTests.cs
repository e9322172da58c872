using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using static CogniteRecords.Emulator.Tests.EmulatorFixture;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>Ingest, upsert and delete: the reference's rules, type checks against containers, errors naming the field.</summary>
    public sealed class RecordWriteTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _f;

        public RecordWriteTests(EmulatorFixture f) => _f = f;

        [Fact]
        public async Task IngestAnswers202AndTheRecordReadsBackAsWritten()
        {
            var s = await _f.NewStream();
            var props = """{"txt":"héllo \"q\"","b":true,"f32":1.5,"f64":-2.25,"i32":7,"i64":9007199254740993,"ts":"2024-05-01T10:00:00.123Z","dt":"2024-02-29","js":{"a":[1,{"b":null}]},"rel":{"space":"sp","externalId":"x"},"tags":["a","b"],"nums":[1,2,3],"req":null}""";
            var r = await _f.Ingest(s, Item("r1", props));
            Assert.Equal(202, r.Code);
            Assert.Equal("{}", r.Body);
            var (items, _, _) = await _f.SyncAll(s);
            var item = Assert.Single(items);
            Assert.Equal("sp", item.GetProperty("space").GetString());
            Assert.Equal("r1", item.GetProperty("externalId").GetString());
            Assert.Equal("created", item.GetProperty("status").GetString());
            var stored = item.GetProperty("properties").GetProperty("sp").GetProperty("all");
            Assert.Equal("héllo \"q\"", stored.GetProperty("txt").GetString());
            Assert.Equal(9007199254740993, stored.GetProperty("i64").GetInt64());
            Assert.Equal("2024-05-01T10:00:00.123Z", stored.GetProperty("ts").GetString());
            Assert.Equal(2, stored.GetProperty("js").GetProperty("a").GetArrayLength());
            Assert.Equal(new[] { "a", "b" }, stored.GetProperty("tags").EnumerateArray().Select(x => x.GetString()));
        }

        [Theory]
        [InlineData("txt", "5", "items[0].sources[0].properties.txt")]
        [InlineData("b", "\"true\"", "items[0].sources[0].properties.b")]
        [InlineData("f64", "\"1.5\"", "items[0].sources[0].properties.f64")]
        [InlineData("i32", "2147483648", "items[0].sources[0].properties.i32")]
        [InlineData("i32", "1.5", "items[0].sources[0].properties.i32")]
        [InlineData("i64", "1e30", "items[0].sources[0].properties.i64")]
        [InlineData("ts", "\"2024-05-01\"", "items[0].sources[0].properties.ts")]
        [InlineData("ts", "\"yesterday\"", "items[0].sources[0].properties.ts")]
        [InlineData("dt", "\"2024-02-30\"", "items[0].sources[0].properties.dt")]
        [InlineData("dt", "\"2024-02-01T00:00:00Z\"", "items[0].sources[0].properties.dt")]
        [InlineData("rel", "{\"space\":\"sp\"}", "items[0].sources[0].properties.rel")]
        [InlineData("rel", "\"sp:x\"", "items[0].sources[0].properties.rel")]
        [InlineData("tags", "\"a\"", "items[0].sources[0].properties.tags")]
        [InlineData("tags", "[\"a\", 1]", "items[0].sources[0].properties.tags[1]")]
        [InlineData("txt", "[\"a\"]", "items[0].sources[0].properties.txt")]
        [InlineData("nope", "1", "has no property 'nope'")]
        public async Task AValueOfTheWrongTypeIs400NamingTheProperty(string prop, string value, string expected)
        {
            var s = await _f.NewStream();
            var r = await _f.Ingest(s, Item("r1", $"{{\"{prop}\":{value}}}"));
            Assert.Equal(400, r.Code);
            Assert.Contains(expected, r.ErrorMessage);
            Assert.Empty((await _f.SyncAll(s)).Items);
        }

        [Fact]
        public async Task ListsAndJsonObjectsHaveSizeLimits()
        {
            var s = await _f.NewStream();
            var big = "[" + string.Join(",", Enumerable.Range(0, 1001)) + "]";
            Assert.Contains("at most 1000", (await _f.Ingest(s, Item("r1", $"{{\"nums\":{big}}}"))).ErrorMessage);
            var ok = "[" + string.Join(",", Enumerable.Range(0, 1000)) + "]";
            Assert.Equal(202, (await _f.Ingest(s, Item("r1", $"{{\"nums\":{ok}}}"))).Code);
            var keys = "{" + string.Join(",", Enumerable.Range(0, 257).Select(i => $"\"k{i}\":1")) + "}";
            Assert.Contains("257 keys", (await _f.Ingest(s, Item("r2", $"{{\"js\":{keys}}}"))).ErrorMessage);
            var longKey = "{\"" + new string('k', 129) + "\":1}";
            Assert.Contains("128", (await _f.Ingest(s, Item("r3", $"{{\"js\":{longKey}}}"))).ErrorMessage);
            var heavy = "{\"k\":\"" + new string('x', 41000) + "\"}";
            Assert.Contains("40,960", (await _f.Ingest(s, Item("r4", $"{{\"js\":{heavy}}}"))).ErrorMessage);
            var text = new string('t', 128 * 1024 + 1);
            Assert.Contains("128 KB", (await _f.Ingest(s, Item("r5", $"{{\"txt\":\"{text}\"}}"))).ErrorMessage);
        }

        [Fact]
        public async Task NonNullablePropertiesMustBePresentAndNotNull()
        {
            var s = await _f.NewStream();
            Assert.Contains("properties.must", (await _f.Ingest(s, Item("r1", "{\"other\":1}", "strict"))).ErrorMessage);
            Assert.Contains("not nullable", (await _f.Ingest(s, Item("r1", "{\"must\":null}", "strict"))).ErrorMessage);
            Assert.Equal(202, (await _f.Ingest(s, Item("r1", "{\"must\":\"x\"}", "strict"))).Code);
        }

        [Theory]
        [InlineData("{\"items\":[]}", "items")]
        [InlineData("{\"items\":[{\"space\":\"sp\",\"externalId\":\"a\",\"sources\":[]}]}", "items[0].sources")]
        [InlineData("{\"items\":[{\"space\":\"sp\",\"externalId\":\"a\"}]}", "items[0].sources")]
        [InlineData("{\"items\":[{\"space\":\"-x\",\"externalId\":\"a\",\"sources\":[]}]}", "items[0].space")]
        [InlineData("{\"items\":[{\"space\":\"unknownspace\",\"externalId\":\"a\",\"sources\":[{\"source\":{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"all\"},\"properties\":{}}]}]}", "does not exist")]
        [InlineData("{\"items\":[{\"space\":\"sp\",\"externalId\":\"\",\"sources\":[]}]}", "items[0].externalId")]
        [InlineData("{\"items\":[{\"space\":\"sp\",\"externalId\":\"a\\u0000b\",\"sources\":[]}]}", "NUL")]
        [InlineData("{\"items\":[{\"space\":\"sp\",\"externalId\":\"a\",\"sources\":[{\"source\":{\"type\":\"view\",\"space\":\"sp\",\"externalId\":\"all\"},\"properties\":{}}]}]}", "items[0].sources[0].source.type")]
        [InlineData("{\"items\":[{\"space\":\"sp\",\"externalId\":\"a\",\"sources\":[{\"source\":{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"ghost\"},\"properties\":{}}]}]}", "ghost")]
        [InlineData("{\"items\":[{\"space\":\"sp\",\"externalId\":\"a\",\"sources\":[{\"source\":{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"all\"},\"properties\":{},\"extra\":true}]}]}", "items[0].sources[0].extra")]
        [InlineData("{\"items\":[{\"space\":\"sp\",\"externalId\":\"a\",\"sources\":[{\"source\":{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"all\"},\"properties\":{}},{\"source\":{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"all\"},\"properties\":{}}]}]}", "more than once")]
        [InlineData("{\"items\":[{\"space\":\"sp\",\"externalId\":\"a\",\"sources\":[],\"createdTime\":1}]}", "items[0].createdTime")]
        [InlineData("{\"records\":[]}", "records")]
        public async Task InvalidWriteBodiesAre400NamingTheField(string body, string expected)
        {
            var s = await _f.NewStream();
            var r = await _f.Post($"/streams/{s}/records", body);
            Assert.Equal(400, r.Code);
            Assert.Contains(expected, r.ErrorMessage);
        }

        [Fact]
        public async Task SourcesAreLimitedTo100AndSpacesTo43Characters()
        {
            var s = await _f.NewStream();
            var src = "{\"source\":{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"all\"},\"properties\":{}}";
            var many = $"{{\"items\":[{{\"space\":\"sp\",\"externalId\":\"a\",\"sources\":[{string.Join(",", Enumerable.Repeat(src, 101))}]}}]}}";
            var r = await _f.Post($"/streams/{s}/records", many);
            Assert.Equal(400, r.Code);
            Assert.Contains("items[0].sources", r.ErrorMessage);
            var longSpace = await _f.Post($"/streams/{s}/records", "{\"items\":[{\"space\":\"" + new string('s', 44) + "\",\"externalId\":\"a\",\"sources\":[]}]}");
            Assert.Equal(400, longSpace.Code);
            Assert.Contains("items[0].space", longSpace.ErrorMessage);
            var noType = await _f.Post($"/streams/{s}/records", "{\"items\":[{\"space\":\"sp\",\"externalId\":\"a\",\"sources\":[{\"source\":{\"space\":\"sp\",\"externalId\":\"all\"},\"properties\":{}}]}]}");
            Assert.Equal(400, noType.Code);
            Assert.Contains("items[0].sources[0].source.type", noType.ErrorMessage);
        }

        [Fact]
        public async Task ItemsAreLimitedTo1000()
        {
            var s = await _f.NewStream();
            var r = await _f.Ingest(s, Enumerable.Range(0, 1001).Select(i => Item("r" + i)).ToArray());
            Assert.Equal(400, r.Code);
            Assert.Contains("1001", r.ErrorMessage);
            Assert.Equal(202, (await _f.Ingest(s, Enumerable.Range(0, 1000).Select(i => Item("r" + i)).ToArray())).Code);
        }

        [Fact]
        public async Task ExternalIdsUpTo256CharactersAreAccepted()
        {
            var s = await _f.NewStream();
            Assert.Equal(202, (await _f.Ingest(s, Item(new string('x', 256)))).Code);
            Assert.Contains("items[0].externalId", (await _f.Ingest(s, Item(new string('x', 257)))).ErrorMessage);
        }

        [Fact]
        public async Task ABodyOver10MBIs413()
        {
            var s = await _f.NewStream();
            var text = new string('t', 120_000);
            var r = await _f.Ingest(s, Enumerable.Range(0, 90).Select(i => Item("r" + i, $"{{\"txt\":\"{text}\"}}")).ToArray());
            Assert.Equal(413, r.Code);
            Assert.Empty((await _f.SyncAll(s)).Items);
        }

        [Fact]
        public async Task MutableIngestOfAnExistingIdIs409WithPartialAndWritesTheOthers()
        {
            var s = await _f.NewStream();
            await Ok(_f.Ingest(s, Item("r1")));
            var r = await _f.Ingest(s, Item("r2"), Item("r1", "{\"i64\":2}"), Item("r3"));
            Assert.Equal(409, r.Code);
            var error = r.Json.GetProperty("error");
            Assert.Equal(409, error.GetProperty("code").GetInt32());
            var dup = Assert.Single(error.GetProperty("duplicated").EnumerateArray());
            Assert.Equal("r1", dup.GetProperty("externalId").GetString());
            var partial = error.GetProperty("partial").EnumerateArray().ToDictionary(p => p.GetProperty("externalId").GetString()!, p => p.GetProperty("code").GetInt32());
            Assert.Equal(new Dictionary<string, int> { ["r1"] = 409, ["r2"] = 202, ["r3"] = 202 }, partial);
            var items = (await _f.SyncAll(s)).Items;
            Assert.Equal(new[] { "r1", "r2", "r3" }, items.Select(i => i.GetProperty("externalId").GetString()));
            // The existing record is untouched.
            Assert.Equal(1, items[0].GetProperty("properties").GetProperty("sp").GetProperty("all").GetProperty("i64").GetInt64());
        }

        [Fact]
        public async Task RepeatedIdsInOneRequestAre422OnMutableStreams()
        {
            var s = await _f.NewStream();
            var r = await _f.Ingest(s, Item("r1"), Item("r1"));
            Assert.Equal(422, r.Code);
            Assert.Equal("r1", r.Json.GetProperty("error").GetProperty("duplicated")[0].GetProperty("externalId").GetString());
            Assert.Equal(422, (await _f.Upsert(s, Item("r2"), Item("r2"))).Code);
        }

        [Fact]
        public async Task ImmutableStreamsDropExactDuplicatesButKeepSameIdsWithOtherContent()
        {
            var s = await _f.NewStream("ImmutableTestStream");
            await Ok(_f.Ingest(s, Item("r1"), Item("r1"), Item("r1", "{\"i64\":2}")));
            await Ok(_f.Ingest(s, Item("r1")));
            var items = (await _f.SyncAll(s)).Items;
            Assert.Equal(2, items.Length);
            Assert.All(items, i => Assert.Equal("r1", i.GetProperty("externalId").GetString()));
            Assert.Equal(new long[] { 1, 2 }, items.Select(i => i.GetProperty("properties").GetProperty("sp").GetProperty("all").GetProperty("i64").GetInt64()).OrderBy(x => x));
        }

        [Fact]
        public async Task UpsertAndDeleteAre422OnImmutableStreams()
        {
            var s = await _f.NewStream("BasicArchive");
            var u = await _f.Upsert(s, Item("r1"));
            Assert.Equal(422, u.Code);
            Assert.Contains("immutable", u.ErrorMessage);
            Assert.Equal(422, (await _f.Delete(s, "r1")).Code);
        }

        [Fact]
        public async Task UpsertReplacesTheRecordWholeAndKeepsCreatedTime()
        {
            var s = await _f.NewStream();
            await Ok(_f.Ingest(s, Item("r1", "{\"i64\":1,\"txt\":\"first\"}")));
            var first = (await _f.SyncAll(s)).Items.Single();
            await Task.Delay(5);
            Assert.Equal(202, (await _f.Upsert(s, Item("r1", "{\"i64\":2}"), Item("r2"))).Code);
            var items = (await _f.SyncAll(s)).Items.ToDictionary(i => i.GetProperty("externalId").GetString()!);
            var r1 = items["r1"];
            Assert.Equal("updated", r1.GetProperty("status").GetString());
            Assert.Equal("created", items["r2"].GetProperty("status").GetString());
            var props = r1.GetProperty("properties").GetProperty("sp").GetProperty("all");
            Assert.Equal(2, props.GetProperty("i64").GetInt64());
            Assert.False(props.TryGetProperty("txt", out _));
            Assert.Equal(first.GetProperty("createdTime").GetInt64(), r1.GetProperty("createdTime").GetInt64());
            Assert.True(r1.GetProperty("lastUpdatedTime").GetInt64() > first.GetProperty("lastUpdatedTime").GetInt64());
        }

        [Fact]
        public async Task DeleteIgnoresUnknownIdsAndAnswers200()
        {
            var s = await _f.NewStream();
            await Ok(_f.Ingest(s, Item("r1")));
            var r = await _f.Delete(s, "r1", "never-there");
            Assert.Equal(200, r.Code);
            Assert.Equal("{}", r.Body);
            Assert.Equal(400, (await _f.Post($"/streams/{s}/records/delete", "{\"items\":[]}")).Code);
            Assert.Contains("items[0].extra", (await _f.Post($"/streams/{s}/records/delete", "{\"items\":[{\"space\":\"sp\",\"externalId\":\"a\",\"extra\":1}]}")).ErrorMessage);
        }

        [Fact]
        public async Task AfterADeleteTheIdCanBeIngestedAgain()
        {
            var s = await _f.NewStream();
            await Ok(_f.Ingest(s, Item("r1")));
            await Ok(_f.Delete(s, "r1"));
            Assert.Equal(202, (await _f.Ingest(s, Item("r1", "{\"i64\":5}"))).Code);
            var item = (await _f.SyncAll(s)).Items.Single();
            Assert.Equal("created", item.GetProperty("status").GetString());
        }

        [Fact]
        public async Task WritingToAnUnknownStreamIs404()
        {
            var r = await _f.Ingest("no-such-stream", Item("r1"));
            Assert.Equal(404, r.Code);
        }
    }
}
