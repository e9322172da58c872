using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using static CogniteRecords.Emulator.Tests.EmulatorFixture;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>Streams: create, list, retrieve with statistics, soft delete, the deprecated DELETE.</summary>
    public sealed class StreamsTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _f;

        public StreamsTests(EmulatorFixture f) => _f = f;

        private static string Create(string id, string template = "BasicLiveData") =>
            $"{{\"items\":[{{\"externalId\":\"{id}\",\"settings\":{{\"template\":{{\"name\":\"{template}\"}}}}}}]}}";

        [Theory]
        [InlineData("ImmutableTestStream", "Immutable", 50_000_000, 50, "P1D", "P7D", "P1Y")]
        [InlineData("BasicArchive", "Immutable", 50_000_000, 50, "P42D", null, "P1Y")]
        [InlineData("BasicLiveData", "Mutable", 5_000_000, 15, "P42D", null, null)]
        public async Task CreateAnswers201WithTheTemplatesSettings(string template, string type, long records, long gb, string kept, string? deletedAfter, string? window)
        {
            var id = "t-" + Guid.NewGuid().ToString("N")[..10];
            var r = await _f.Post("/streams", Create(id, template));
            Assert.Equal(201, r.Code);
            var s = r.Json.GetProperty("items")[0];
            Assert.Equal(id, s.GetProperty("externalId").GetString());
            Assert.Equal(template, s.GetProperty("createdFromTemplate").GetString());
            Assert.Equal(type, s.GetProperty("type").GetString());
            Assert.True(s.GetProperty("createdTime").GetInt64() > 1_600_000_000_000);
            var settings = s.GetProperty("settings");
            Assert.Equal(kept, settings.GetProperty("lifecycle").GetProperty("retainedAfterSoftDelete").GetString());
            Assert.Equal(deletedAfter, settings.GetProperty("lifecycle").TryGetProperty("dataDeletedAfter", out var d) ? d.GetString() : null);
            var limits = settings.GetProperty("limits");
            Assert.Equal(records, limits.GetProperty("maxRecordsTotal").GetProperty("provisioned").GetInt64());
            Assert.Equal(gb, limits.GetProperty("maxGigaBytesTotal").GetProperty("provisioned").GetInt64());
            Assert.False(limits.GetProperty("maxRecordsTotal").TryGetProperty("consumed", out _));
            Assert.Equal(window, limits.TryGetProperty("maxFilteringInterval", out var w) ? w.GetString() : null);
        }

        [Fact]
        public async Task CreatingAnExistingStreamIs409()
        {
            var id = await _f.NewStream();
            var r = await _f.Post("/streams", Create(id));
            Assert.Equal(409, r.Code);
            Assert.Contains(id, r.ErrorMessage);
        }

        [Theory]
        [InlineData("Upper", "items[0].externalId")]
        [InlineData("1abc", "items[0].externalId")]
        [InlineData("ends-", "items[0].externalId")]
        [InlineData("cdf_x", "cdf_")]
        [InlineData("cognite_x", "cognite_")]
        [InlineData("logs", "reserved")]
        [InlineData("records", "reserved")]
        public async Task InvalidStreamIdsAre400(string id, string expected)
        {
            var r = await _f.Post("/streams", Create(id));
            Assert.Equal(400, r.Code);
            Assert.Contains(expected, r.ErrorMessage);
        }

        [Fact]
        public async Task AStreamIdOf101CharactersIs400AndOf100IsFine()
        {
            Assert.Equal(400, (await _f.Post("/streams", Create("a" + new string('b', 100)))).Code);
            Assert.Equal(201, (await _f.Post("/streams", Create("a" + Guid.NewGuid().ToString("N") + new string('b', 67)))).Code);
        }

        [Theory]
        [InlineData("{\"items\":[]}", "items")]
        [InlineData("{\"items\":[{\"externalId\":\"a1\",\"settings\":{\"template\":{\"name\":\"BasicLiveData\"}}},{\"externalId\":\"a2\",\"settings\":{\"template\":{\"name\":\"BasicLiveData\"}}}]}", "exactly 1")]
        [InlineData("{\"items\":[{\"externalId\":\"a3\",\"settings\":{\"template\":{\"name\":\"Nope\"}}}]}", "items[0].settings.template.name")]
        [InlineData("{\"items\":[{\"externalId\":\"a4\"}]}", "items[0].settings")]
        [InlineData("{\"items\":[{\"externalId\":\"a5\",\"settings\":{\"template\":{\"name\":\"BasicLiveData\"}},\"extra\":1}]}", "items[0].extra")]
        [InlineData("{\"stuff\":[]}", "stuff")]
        public async Task InvalidCreateBodiesAre400NamingTheField(string body, string expected)
        {
            var r = await _f.Post("/streams", body);
            Assert.Equal(400, r.Code);
            Assert.Contains(expected, r.ErrorMessage);
        }

        [Fact]
        public async Task ListHoldsEveryLiveStream()
        {
            var a = await _f.NewStream();
            var b = await _f.NewStream("BasicArchive");
            var ids = (await _f.Get("/streams")).Json.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("externalId").GetString()).ToList();
            Assert.Contains(a, ids);
            Assert.Contains(b, ids);
        }

        [Fact]
        public async Task RetrieveWithStatisticsCountsRecords()
        {
            var id = await _f.NewStream();
            await Ok(_f.Ingest(id, Item("r1"), Item("r2"), Item("r3")));
            await Ok(_f.Delete(id, "r3"));
            var plain = await _f.Get($"/streams/{id}");
            Assert.False(plain.Json.GetProperty("settings").GetProperty("limits").GetProperty("maxRecordsTotal").TryGetProperty("consumed", out _));
            var stats = await _f.Get($"/streams/{id}?includeStatistics=true");
            var limits = stats.Json.GetProperty("settings").GetProperty("limits");
            Assert.Equal(2, limits.GetProperty("maxRecordsTotal").GetProperty("consumed").GetInt64());
            Assert.True(limits.GetProperty("maxGigaBytesTotal").GetProperty("consumed").GetDouble() > 0);
        }

        [Fact]
        public async Task RetrievingAnUnknownStreamIs404()
        {
            var r = await _f.Get("/streams/no-such-stream");
            Assert.Equal(404, r.Code);
            Assert.Contains("no-such-stream", r.ErrorMessage);
        }

        [Fact]
        public async Task SoftDeleteHidesTheStreamIsIdempotentAndKeepsTheIdTaken()
        {
            var id = await _f.NewStream();
            var body = $"{{\"items\":[{{\"externalId\":\"{id}\"}}]}}";
            Assert.Equal(200, (await _f.Post("/streams/delete", body)).Code);
            Assert.Equal(200, (await _f.Post("/streams/delete", body)).Code);
            Assert.Equal(404, (await _f.Get($"/streams/{id}")).Code);
            Assert.DoesNotContain((await _f.Get("/streams")).Json.GetProperty("items").EnumerateArray(), s => s.GetProperty("externalId").GetString() == id);
            Assert.Equal(404, (await _f.Sync(id, "{\"initializeCursor\":\"1d-ago\"}")).Code);
            var again = await _f.Post("/streams", Create(id));
            Assert.Equal(409, again.Code);
            Assert.Contains("deleted", again.ErrorMessage);
        }

        [Fact]
        public async Task DeleteNeedsExactlyOneItem()
        {
            Assert.Equal(400, (await _f.Post("/streams/delete", "{\"items\":[]}")).Code);
            Assert.Equal(400, (await _f.Post("/streams/delete", "{\"items\":[{\"externalId\":\"a\"},{\"externalId\":\"b\"}]}")).Code);
        }

        [Fact]
        public async Task TheDeprecatedDeleteIs410()
        {
            var id = await _f.NewStream();
            var r = await _f.Send(HttpMethod.Delete, _f.Url($"/streams/{id}"), null);
            Assert.Equal(410, r.Code);
            Assert.Equal(410, r.Json.GetProperty("error").GetProperty("code").GetInt32());
            Assert.Equal(200, (await _f.Get($"/streams/{id}")).Code);
        }
    }
}
