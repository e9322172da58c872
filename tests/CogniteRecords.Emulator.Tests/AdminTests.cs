using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Storage;
using static CogniteRecords.Emulator.Tests.EmulatorFixture;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>The admin API: run-time config, issued tokens, seeding, reset; and the seeded schema.</summary>
    public sealed class AdminTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _f;

        public AdminTests(EmulatorFixture f) => _f = f;

        private Task<Reply> Admin(HttpMethod method, string path, string? json = null) =>
            _f.Send(method, _f.Host.HttpUrl + "/_emulator/" + path, json, token: null);

        [Fact]
        public async Task ConfigIsReadAndChangedAtRunTime()
        {
            var before = (await Ok(Admin(HttpMethod.Get, "config"))).Json;
            Assert.Equal(Hosting.EmulatorOptions.DefaultPageBytes, before.GetProperty("pageBytes").GetInt32());
            try
            {
                var after = (await Ok(Admin(HttpMethod.Post, "config", "{\"pageBytes\":5000,\"cursorMaxAgeSeconds\":60,\"tokenLifetimeSeconds\":120}"))).Json;
                Assert.Equal(5000, after.GetProperty("pageBytes").GetInt32());
                Assert.Equal(60, after.GetProperty("cursorMaxAgeSeconds").GetDouble());
                Assert.Equal(120, after.GetProperty("tokenLifetimeSeconds").GetDouble());
                Assert.Equal(TimeSpan.FromSeconds(60), _f.Host.Runtime.Settings.CursorMaxAge);
                Assert.Equal(TimeSpan.FromSeconds(120), _f.Host.Runtime.Identity.Options.TokenLifetime);
                var cleared = (await Ok(Admin(HttpMethod.Post, "config", "{\"cursorMaxAgeSeconds\":null}"))).Json;
                Assert.Equal(System.Text.Json.JsonValueKind.Null, cleared.GetProperty("cursorMaxAgeSeconds").ValueKind);
                Assert.Equal(400, (await Admin(HttpMethod.Post, "config", "{\"pageBytes\":10}")).Code);
                Assert.Contains("speed", (await Admin(HttpMethod.Post, "config", "{\"speed\":1}")).ErrorMessage);
            }
            finally
            {
                await Admin(HttpMethod.Post, "config", $"{{\"pageBytes\":{Hosting.EmulatorOptions.DefaultPageBytes},\"cursorMaxAgeSeconds\":null,\"tokenLifetimeSeconds\":3600}}");
            }
        }

        [Fact]
        public async Task IssuedTokensCarrySubjectProjectsAndLifetime()
        {
            var r = await Ok(Admin(HttpMethod.Post, "tokens", "{\"subject\":\"dave\",\"projects\":[\"second\"],\"lifetimeSeconds\":300}"));
            var token = r.Json.GetProperty("accessToken").GetString()!;
            Assert.Equal(300, r.Json.GetProperty("expiresIn").GetDouble());
            var who = await _f.Send(HttpMethod.Get, _f.Host.HttpUrl + "/api/v1/token/inspect", null, token);
            Assert.Equal("dave", who.Json.GetProperty("subject").GetString());
            Assert.Equal(403, (await _f.Get("/streams", token)).Code);
            var defaults = await Ok(Admin(HttpMethod.Post, "tokens", "{}"));
            Assert.Equal(200, (await _f.Get("/streams", defaults.Json.GetProperty("accessToken").GetString())).Code);
            Assert.Equal(400, (await Admin(HttpMethod.Post, "tokens", "{\"lifetimeSeconds\":-1}")).Code);
        }

        [Fact]
        public async Task SeedingMakesDeterministicRecordsWithAMatchingContainer()
        {
            var r = await Ok(Admin(HttpMethod.Post, "seed", "{\"project\":\"test\",\"stream\":\"seeded-admin\",\"records\":20,\"properties\":9,\"space\":\"seedsp\",\"container\":\"seedc\"}"));
            Assert.Equal(20, r.Json.GetProperty("totalRecords").GetInt64());
            var container = (await Ok(_f.Post("/models/containers/byids", "{\"items\":[{\"space\":\"seedsp\",\"externalId\":\"seedc\"}]}"))).Json.GetProperty("items")[0];
            Assert.Equal("record", container.GetProperty("usedFor").GetString());
            var types = container.GetProperty("properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("type").GetProperty("type").GetString() + (p.Value.GetProperty("type").GetProperty("list").GetBoolean() ? "[]" : ""));
            Assert.Equal(new (string, string)[] {
                ("text0", "text"), ("int1", "int64"), ("float2", "float64"), ("bool3", "boolean"), ("time4", "timestamp"),
                ("tags5", "text[]"), ("json6", "json"), ("date7", "date"), ("text8", "text") }, types.Select(kv => (kv.Key, kv.Value)));

            var (items, _, _) = await _f.SyncAll("seeded-admin");
            Assert.Equal(20, items.Length);
            var third = items[3];
            Assert.Equal("rec-00000003", third.GetProperty("externalId").GetString());
            Assert.Equal("seedsp", third.GetProperty("space").GetString());
            var p = third.GetProperty("properties").GetProperty("seedsp").GetProperty("seedc");
            Assert.Equal("value-3-0", p.GetProperty("text0").GetString());
            Assert.Equal(3001, p.GetProperty("int1").GetInt64());
            Assert.Equal(3.5, p.GetProperty("float2").GetDouble());
            Assert.True(p.GetProperty("bool3").GetBoolean());
            Assert.Equal("2024-01-01T00:00:07.000Z", p.GetProperty("time4").GetString());
            Assert.Equal(new[] { "a3", "b1" }, p.GetProperty("tags5").EnumerateArray().Select(x => x.GetString()));
            Assert.Equal(3, p.GetProperty("json6").GetProperty("n").GetInt64());
            Assert.Equal("2024-01-11", p.GetProperty("date7").GetString());
            Assert.Equal("value-3-8", p.GetProperty("text8").GetString());
            // The synthetic values pass the same type checks as ingested ones.
            Assert.Equal(202, (await _f.Upsert("seeded-admin", $"{{\"space\":\"seedsp\",\"externalId\":\"rec-00000003\",\"sources\":[{{\"source\":{{\"type\":\"container\",\"space\":\"seedsp\",\"externalId\":\"seedc\"}},\"properties\":{p.GetRawText()}}}]}}")).Code);
        }

        [Fact]
        public void SeedingTheStoreDirectlyIsDeterministic()
        {
            var a = new EmulatorStore();
            var b = new EmulatorStore();
            var sa = SyntheticSeeder.Seed(a.Project("p"), "det", 50, 12);
            var sb = SyntheticSeeder.Seed(b.Project("p"), "det", 50, 12);
            var pa = sa.CurrentVersions().Select(v => Convert.ToBase64String(v.Properties!)).ToList();
            var pb = sb.CurrentVersions().Select(v => Convert.ToBase64String(v.Properties!)).ToList();
            Assert.Equal(50, pa.Count);
            Assert.Equal(pa, pb);
        }

        [Theory]
        [InlineData("{\"stream\":\"x1\",\"records\":1,\"template\":\"Nope\"}", "template")]
        [InlineData("{\"stream\":\"BAD\",\"records\":1}", "seed stream")]
        [InlineData("{\"records\":1}", "stream")]
        [InlineData("{\"stream\":\"x2\",\"properties\":0}", "properties")]
        public async Task InvalidSeedRequestsAre400(string body, string expected)
        {
            var r = await Admin(HttpMethod.Post, "seed", body);
            Assert.Equal(400, r.Code);
            Assert.Contains(expected, r.ErrorMessage);
        }

        [Fact]
        public async Task ResetDropsTheDataOfASeparateHost()
        {
            var options = new Hosting.EmulatorOptions();
            options.Tokens.Add(Token);
            await using var host = await Hosting.EmulatorHost.StartAsync(options);
            SyntheticSeeder.Seed(host.Store.Project("emulator"), "gone", 5, 2);
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
            Assert.Contains("gone", await http.GetStringAsync(host.ProjectUrl("emulator") + "/streams"));
            Assert.Equal(200, (int)(await http.PostAsync(host.HttpUrl + "/_emulator/reset", null)).StatusCode);
            Assert.DoesNotContain("gone", await http.GetStringAsync(host.ProjectUrl("emulator") + "/streams"));
        }

        [Fact]
        public async Task SnapshotWithoutADataFolderIs409()
        {
            Assert.Equal(409, (await Admin(HttpMethod.Post, "snapshot")).Code);
        }

        [Fact]
        public async Task HealthAnswersWithoutAToken()
        {
            Assert.Equal(200, (await Admin(HttpMethod.Get, "health")).Code);
        }
    }
}
