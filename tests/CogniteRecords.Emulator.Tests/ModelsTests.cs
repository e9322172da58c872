using System;
using System.Linq;
using System.Threading.Tasks;
using static CogniteRecords.Emulator.Tests.EmulatorFixture;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>Spaces and containers: upsert, byids, list with paging, validation.</summary>
    public sealed class ModelsTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _f;

        public ModelsTests(EmulatorFixture f) => _f = f;

        [Fact]
        public async Task SpacesAreUpsertedAndListed()
        {
            var r = await _f.Post("/models/spaces", "{\"items\":[{\"space\":\"alpha\",\"name\":\"A\"}]}");
            Assert.Equal(200, r.Code);
            Assert.Equal("alpha", r.Json.GetProperty("items")[0].GetProperty("space").GetString());
            await Ok(_f.Post("/models/spaces", "{\"items\":[{\"space\":\"alpha\",\"name\":\"A2\"}]}"));
            var list = (await _f.Get("/models/spaces")).Json.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal("A2", list.Single(s => s.GetProperty("space").GetString() == "alpha").GetProperty("name").GetString());
        }

        [Theory]
        [InlineData("{\"items\":[{\"space\":\"1bad\"}]}", "items[0].space")]
        [InlineData("{\"items\":[{\"space\":\"ok\",\"color\":\"red\"}]}", "items[0].color")]
        [InlineData("{\"items\":[]}", "items")]
        public async Task InvalidSpacesAre400(string body, string expected)
        {
            var r = await _f.Post("/models/spaces", body);
            Assert.Equal(400, r.Code);
            Assert.Contains(expected, r.ErrorMessage);
        }

        [Fact]
        public async Task ContainersAreUpsertedAndReadByIdsLeavingUnknownOut()
        {
            var r = await _f.Post("/models/containers", """{"items":[{"space":"sp","externalId":"pump","usedFor":"record","properties":{"pressure":{"type":{"type":"float64"},"nullable":true}}}]}""");
            Assert.Equal(200, r.Code);
            var c = r.Json.GetProperty("items")[0];
            Assert.Equal("record", c.GetProperty("usedFor").GetString());
            var prop = c.GetProperty("properties").GetProperty("pressure");
            Assert.Equal("float64", prop.GetProperty("type").GetProperty("type").GetString());
            Assert.False(prop.GetProperty("type").GetProperty("list").GetBoolean());
            Assert.True(prop.GetProperty("nullable").GetBoolean());

            var byIds = await _f.Post("/models/containers/byids", """{"items":[{"type":"container","space":"sp","externalId":"pump"},{"space":"sp","externalId":"nope"}]}""");
            Assert.Equal(200, byIds.Code);
            var items = byIds.Json.GetProperty("items").EnumerateArray().ToList();
            Assert.Single(items);
            Assert.Equal("pump", items[0].GetProperty("externalId").GetString());
        }

        [Fact]
        public async Task ContainersListIsPagedWithACursor()
        {
            await Ok(_f.Post("/models/spaces", "{\"items\":[{\"space\":\"paged\"}]}"));
            for (int i = 0; i < 5; i++)
                await Ok(_f.Post("/models/containers", $"{{\"items\":[{{\"space\":\"paged\",\"externalId\":\"c{i}\",\"properties\":{{\"p\":{{\"type\":{{\"type\":\"text\"}}}}}}}}]}}"));
            var seen = new System.Collections.Generic.List<string>();
            string? cursor = null;
            int pages = 0;
            do
            {
                var r = await Ok(_f.Get("/models/containers?space=paged&limit=2" + (cursor == null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))));
                seen.AddRange(r.Json.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("externalId").GetString()!));
                cursor = r.Json.TryGetProperty("nextCursor", out var n) ? n.GetString() : null;
                pages++;
            } while (cursor != null);
            Assert.Equal(new[] { "c0", "c1", "c2", "c3", "c4" }, seen);
            Assert.Equal(3, pages);
        }

        [Theory]
        [InlineData("""{"items":[{"space":"nospace","externalId":"c","properties":{"p":{"type":{"type":"text"}}}}]}""", "does not exist")]
        [InlineData("""{"items":[{"space":"sp","externalId":"1c","properties":{"p":{"type":{"type":"text"}}}}]}""", "items[0].externalId")]
        [InlineData("""{"items":[{"space":"sp","externalId":"c","properties":{"p":{"type":{"type":"decimal"}}}}]}""", "items[0].properties.p.type.type")]
        [InlineData("""{"items":[{"space":"sp","externalId":"c","properties":{"space":{"type":{"type":"text"}}}}]}""", "reserved")]
        [InlineData("""{"items":[{"space":"sp","externalId":"c","properties":{"p":{"type":{"type":"text"},"weird":1}}}]}""", "items[0].properties.p.weird")]
        [InlineData("""{"items":[{"space":"sp","externalId":"c","usedFor":"bogus","properties":{"p":{"type":{"type":"text"}}}}]}""", "usedFor")]
        [InlineData("""{"items":[{"space":"sp","externalId":"c"}]}""", "items[0].properties")]
        public async Task InvalidContainersAre400NamingTheField(string body, string expected)
        {
            var r = await _f.Post("/models/containers", body);
            Assert.Equal(400, r.Code);
            Assert.Contains(expected, r.ErrorMessage);
        }

        [Fact]
        public async Task SpacesListIsPagedWithACursorAndByIdsLeavesUnknownOut()
        {
            await Ok(_f.Post("/models/spaces", """{"items":[{"space":"pg1"},{"space":"pg2"},{"space":"pg3x"}]}"""));
            var seen = new System.Collections.Generic.List<string>();
            string? cursor = null;
            do
            {
                var r = await Ok(_f.Get("/models/spaces?limit=2" + (cursor == null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))));
                var page = r.Json.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("space").GetString()!).ToList();
                Assert.InRange(page.Count, 1, 2);
                seen.AddRange(page);
                cursor = r.Json.TryGetProperty("nextCursor", out var n) ? n.GetString() : null;
            } while (cursor != null);
            Assert.Equal(seen.Distinct().Count(), seen.Count);
            Assert.Subset(seen.ToHashSet(), new[] { "pg1", "pg2", "pg3x", "sp" }.ToHashSet());
            Assert.Equal(seen.OrderBy(s => s, StringComparer.Ordinal), seen);

            var byIds = await Ok(_f.Post("/models/spaces/byids", """{"items":[{"space":"pg2"},{"space":"nosuchspace"}]}"""));
            Assert.Equal(new[] { "pg2" }, byIds.Json.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("space").GetString()));
            Assert.Equal(400, (await _f.Get("/models/spaces?limit=0")).Code);
        }

        [Fact]
        public async Task AnEmptySpaceIsDeletedAndUnknownSpacesAreIgnored()
        {
            await Ok(_f.Post("/models/spaces", """{"items":[{"space":"gone1"}]}"""));
            var r = await Ok(_f.Post("/models/spaces/delete", """{"items":[{"space":"gone1"},{"space":"neverwas"}]}"""));
            Assert.Equal(new[] { "gone1" }, r.Json.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("space").GetString()));
            Assert.Empty((await Ok(_f.Post("/models/spaces/byids", """{"items":[{"space":"gone1"}]}"""))).Json.GetProperty("items").EnumerateArray());
            var again = await Ok(_f.Post("/models/spaces/delete", """{"items":[{"space":"gone1"}]}"""));
            Assert.Empty(again.Json.GetProperty("items").EnumerateArray());
        }

        [Fact]
        public async Task ASpaceWithContainersIsNotDeletedAndNeitherIsTheRestOfTheRequest()
        {
            await Ok(_f.Post("/models/spaces", """{"items":[{"space":"full1"},{"space":"empty1"}]}"""));
            await Ok(_f.Post("/models/containers", """{"items":[{"space":"full1","externalId":"keeper","properties":{"p":{"type":{"type":"text"}}}}]}"""));
            var r = await _f.Post("/models/spaces/delete", """{"items":[{"space":"empty1"},{"space":"full1"}]}""");
            Assert.Equal(409, r.Code);
            Assert.Contains("'full1'", r.ErrorMessage);
            Assert.Contains("'keeper'", r.ErrorMessage);
            var left = (await Ok(_f.Post("/models/spaces/byids", """{"items":[{"space":"empty1"},{"space":"full1"}]}"""))).Json.GetProperty("items");
            Assert.Equal(2, left.GetArrayLength());

            await Ok(_f.Post("/models/containers/delete", """{"items":[{"space":"full1","externalId":"keeper"}]}"""));
            await Ok(_f.Post("/models/spaces/delete", """{"items":[{"space":"full1"}]}"""));
        }

        [Fact]
        public async Task ASpaceThatRecordsInALiveStreamBelongToIsNotDeleted()
        {
            await Ok(_f.Post("/models/spaces", """{"items":[{"space":"recspace"}]}"""));
            var stream = await _f.NewStream();
            await Ok(_f.Ingest(stream, Item("r1").Replace("\"space\":\"sp\",\"externalId\":\"r1\"", "\"space\":\"recspace\",\"externalId\":\"r1\"")));
            var r = await _f.Post("/models/spaces/delete", """{"items":[{"space":"recspace"}]}""");
            Assert.Equal(409, r.Code);
            Assert.Contains(stream, r.ErrorMessage);

            await Ok(_f.Post("/streams/delete", $$"""{"items":[{"externalId":"{{stream}}"}]}"""));
            await Ok(_f.Post("/models/spaces/delete", """{"items":[{"space":"recspace"}]}"""));
        }

        [Fact]
        public async Task AContainerIsDeletedUnlessRecordsInALiveStreamHoldDataInIt()
        {
            await Ok(_f.Post("/models/containers", """{"items":[{"space":"sp","externalId":"unused","properties":{"p":{"type":{"type":"text"}}}},{"space":"sp","externalId":"used","properties":{"p":{"type":{"type":"text"}}}}]}"""));
            var stream = await _f.NewStream();
            await Ok(_f.Ingest(stream, Item("u1", "{\"p\":\"x\"}", "used")));

            var refused = await _f.Post("/models/containers/delete", """{"items":[{"space":"sp","externalId":"unused"},{"space":"sp","externalId":"used"}]}""");
            Assert.Equal(409, refused.Code);
            Assert.Contains("'sp/used'", refused.ErrorMessage);
            Assert.Contains(stream, refused.ErrorMessage);
            var both = await Ok(_f.Post("/models/containers/byids", """{"items":[{"space":"sp","externalId":"unused"},{"space":"sp","externalId":"used"}]}"""));
            Assert.Equal(2, both.Json.GetProperty("items").GetArrayLength());

            var gone = await Ok(_f.Post("/models/containers/delete", """{"items":[{"space":"sp","externalId":"unused"},{"space":"sp","externalId":"nosuch"}]}"""));
            var item = Assert.Single(gone.Json.GetProperty("items").EnumerateArray());
            Assert.Equal("unused", item.GetProperty("externalId").GetString());
            Assert.Equal("sp", item.GetProperty("space").GetString());

            await Ok(_f.Delete(stream, "u1"));
            await Ok(_f.Post("/models/containers/delete", """{"items":[{"space":"sp","externalId":"used"}]}"""));
            Assert.Empty((await Ok(_f.Post("/models/containers/byids", """{"items":[{"space":"sp","externalId":"used"}]}"""))).Json.GetProperty("items").EnumerateArray());
            var ingest = await _f.Ingest(stream, Item("u2", "{\"p\":\"x\"}", "used"));
            Assert.Equal(400, ingest.Code);
        }

        [Theory]
        [InlineData("""{"items":[{"space":"1bad"}]}""", "/models/spaces/delete", "items[0].space")]
        [InlineData("""{"items":[]}""", "/models/spaces/delete", "items")]
        [InlineData("""{"items":[{"space":"sp","externalId":"c","type":"container"}]}""", "/models/containers/delete", "items[0].type")]
        [InlineData("""{"items":[{"space":"sp","externalId":"1c"}]}""", "/models/containers/delete", "items[0].externalId")]
        [InlineData("""{"items":[{"space":"sp","externalId":"c","type":"view"}]}""", "/models/containers/byids", "items[0].type")]
        [InlineData("""{"items":[{"space":"sp","name":"x"}]}""", "/models/spaces/byids", "items[0].name")]
        public async Task InvalidIdListsAre400NamingTheField(string body, string endpoint, string expected)
        {
            var r = await _f.Post(endpoint, body);
            Assert.Equal(400, r.Code);
            Assert.Contains(expected, r.ErrorMessage);
        }

        private const string EnumContainer = """
            {"items":[{"space":"sp","externalId":"valve","usedFor":"record","properties":{
              "state":{"type":{"type":"enum","values":{"open":{"name":"Open"},"closed":{},"unknown_state":{"description":"not read"}},"unknownValue":"unknown_state"}},
              "mode":{"type":{"type":"enum","values":{"auto":{},"manual":{}}},"nullable":false}
            }}]}
            """;

        [Fact]
        public async Task EnumPropertiesAreReadBackWithTheirValues()
        {
            var r = await Ok(_f.Post("/models/containers", EnumContainer));
            var state = r.Json.GetProperty("items")[0].GetProperty("properties").GetProperty("state");
            var type = state.GetProperty("type");
            Assert.Equal("enum", type.GetProperty("type").GetString());
            Assert.Equal(new[] { "open", "closed", "unknown_state" }, type.GetProperty("values").EnumerateObject().Select(v => v.Name));
            Assert.Equal("Open", type.GetProperty("values").GetProperty("open").GetProperty("name").GetString());
            Assert.Equal("unknown_state", type.GetProperty("unknownValue").GetString());
            Assert.True(state.GetProperty("nullable").GetBoolean());
            var byIds = await Ok(_f.Post("/models/containers/byids", """{"items":[{"space":"sp","externalId":"valve"}]}"""));
            Assert.Equal(2, byIds.Json.GetProperty("items")[0].GetProperty("properties").GetProperty("mode").GetProperty("type").GetProperty("values").EnumerateObject().Count());
        }

        [Fact]
        public async Task RecordsHoldEnumValuesAndFilterOnThem()
        {
            await Ok(_f.Post("/models/containers", EnumContainer));
            var stream = await _f.NewStream();
            await Ok(_f.Ingest(stream, Item("v1", """{"state":"open","mode":"auto"}""", "valve"), Item("v2", """{"state":null,"mode":"manual"}""", "valve")));
            var (items, _, _) = await _f.SyncAll(stream, extra: ""","sources":[{"source":{"type":"container","space":"sp","externalId":"valve"},"properties":["*"]}]""");
            var v1 = items.Single(i => i.GetProperty("externalId").GetString() == "v1");
            Assert.Equal("open", v1.GetProperty("properties").GetProperty("sp").GetProperty("valve").GetProperty("state").GetString());
            var filtered = await Ok(_f.Post($"/streams/{stream}/records/filter", """{"filter":{"equals":{"property":["sp","valve","mode"],"value":"manual"}},"limit":10}"""));
            Assert.Equal("v2", Assert.Single(filtered.Json.GetProperty("items").EnumerateArray()).GetProperty("externalId").GetString());
        }

        [Theory]
        [InlineData("""{"state":"ajar","mode":"auto"}""", "'ajar' is not a value of the enum property 'state'")]
        [InlineData("""{"state":"Open","mode":"auto"}""", "'Open' is not a value of the enum property 'state'")]
        [InlineData("""{"state":"open","mode":"remote"}""", "'remote' is not a value of the enum property 'mode'")]
        [InlineData("""{"state":1,"mode":"auto"}""", "enum property 'state'")]
        [InlineData("""{"state":"unknown_state","mode":"auto"}""", "unknownValue")]
        [InlineData("""{"state":"open"}""", "properties.mode' is required")]
        [InlineData("""{"state":["open"],"mode":"auto"}""", "properties.state")]
        public async Task IngestRefusesValuesOutsideTheEnum(string props, string expected)
        {
            await Ok(_f.Post("/models/containers", EnumContainer));
            var stream = await _f.NewStream();
            var r = await _f.Ingest(stream, Item("bad", props, "valve"));
            Assert.Equal(400, r.Code);
            Assert.Contains(expected, r.ErrorMessage);
        }

        [Theory]
        [InlineData("""{"type":"enum"}""", "type.values")]
        [InlineData("""{"type":"enum","values":{}}""", "between 1 and 32")]
        [InlineData("""{"type":"enum","values":{"a":{}},"list":true}""", "cannot be a list")]
        [InlineData("""{"type":"enum","values":{"1a":{}}}""", "values.1a")]
        [InlineData("""{"type":"enum","values":{"a-b":{}}}""", "values.a-b")]
        [InlineData("""{"type":"enum","values":{"true":{}}}""", "reserved")]
        [InlineData("""{"type":"enum","values":{"a":{"color":"red"}}}""", "values.a.color")]
        [InlineData("""{"type":"enum","values":{"a":{}},"unknownValue":"b"}""", "unknownValue")]
        [InlineData("""{"type":"enum","values":{"a":{}},"collation":"ucs_basic"}""", "type.collation")]
        public async Task InvalidEnumDefinitionsAre400NamingTheField(string type, string expected)
        {
            var r = await _f.Post("/models/containers", """{"items":[{"space":"sp","externalId":"badenum","properties":{"p":{"type":""" + type + "}}}]}");
            Assert.Equal(400, r.Code);
            Assert.Contains(expected, r.ErrorMessage);
        }

        [Fact]
        public async Task AnEnumHoldsAtMost32Values()
        {
            string Values(int n) => "{" + string.Join(",", Enumerable.Range(0, n).Select(i => $"\"v{i}\":{{}}")) + "}";
            await Ok(_f.Post("/models/containers", """{"items":[{"space":"sp","externalId":"e32","properties":{"p":{"type":{"type":"enum","values":""" + Values(32) + "}}}}]}"));
            var r = await _f.Post("/models/containers", """{"items":[{"space":"sp","externalId":"e33","properties":{"p":{"type":{"type":"enum","values":""" + Values(33) + "}}}}]}");
            Assert.Equal(400, r.Code);
            Assert.Contains("it held 33", r.ErrorMessage);
        }
    }
}
