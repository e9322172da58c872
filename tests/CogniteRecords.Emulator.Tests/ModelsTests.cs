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
    }
}
