using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using static CogniteRecords.Emulator.Tests.EmulatorFixture;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>--visibility-delay: writes become visible to sync and filter only after the delay, as on CDF.</summary>
    public sealed class VisibilityTests : IClassFixture<DelayedFixture>
    {
        private readonly DelayedFixture _f;

        public VisibilityTests(DelayedFixture f) => _f = f;

        private Task<Reply> Admin(HttpMethod method, string path, string? json = null) =>
            _f.Send(method, _f.Host.HttpUrl + "/_emulator/" + path, json, token: null);

        private Task Later() => Ok(Admin(HttpMethod.Post, "clock", $"{{\"advanceSeconds\":{DelayedFixture.Delay.TotalSeconds + 1}}}"));

        private static string[] Ids(Reply r) => r.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("externalId").GetString()!).ToArray();

        private Task<Reply> Filter(string stream) => _f.Post($"/streams/{stream}/records/filter", "{\"limit\":1000}");

        private Task<Reply> SyncFrom(string stream, string? cursor) =>
            _f.Sync(stream, cursor == null ? "{\"initializeCursor\":\"1d-ago\",\"limit\":1000}" : $"{{\"cursor\":\"{cursor}\",\"limit\":1000}}");

        [Fact]
        public async Task AnIngestIsReadOnlyAfterTheDelayAndTheCursorWaitsForIt()
        {
            var s = await _f.NewStream();
            await Ok(_f.Ingest(s, Item("a")));
            var first = await Ok(SyncFrom(s, null));
            Assert.Empty(Ids(first));
            Assert.False(first.Json.GetProperty("hasNext").GetBoolean());
            Assert.Empty(Ids(await Ok(Filter(s))));
            // The writer sees its own write: the id is taken at once.
            Assert.Equal(409, (await _f.Ingest(s, Item("a"))).Code);

            await Later();
            var cursor = first.Json.GetProperty("nextCursor").GetString();
            Assert.Equal(new[] { "a" }, Ids(await Ok(SyncFrom(s, cursor))));
            Assert.Equal(new[] { "a" }, Ids(await Ok(Filter(s))));
        }

        [Fact]
        public async Task AggregatesCountOnlyWhatIsVisible()
        {
            var s = await _f.NewStream();
            await Ok(_f.Ingest(s, Item("a"), Item("b")));
            async Task<long> Count() => (await Ok(_f.Post($"/streams/{s}/records/aggregate", "{\"aggregates\":{\"n\":{\"count\":{}}}}")))
                .Json.GetProperty("aggregates").GetProperty("n").GetProperty("count").GetInt64();
            Assert.Equal(0, await Count());
            await Later();
            Assert.Equal(2, await Count());
        }

        [Fact]
        public async Task ASyncStopsBeforeTheFirstChangeItCannotSeeYet()
        {
            var s = await _f.NewStream();
            await Ok(_f.Ingest(s, Item("old")));
            await Later();
            await Ok(_f.Ingest(s, Item("new")));
            var page = await Ok(SyncFrom(s, null));
            Assert.Equal(new[] { "old" }, Ids(page));
            Assert.False(page.Json.GetProperty("hasNext").GetBoolean());
            await Later();
            Assert.Equal(new[] { "new" }, Ids(await Ok(SyncFrom(s, page.Json.GetProperty("nextCursor").GetString()))));
        }

        [Fact]
        public async Task AnUpsertShowsTheOldStateUntilTheNewIsVisible()
        {
            var s = await _f.NewStream();
            await Ok(_f.Ingest(s, Item("r", "{\"i64\":1}")));
            await Later();
            await Ok(_f.Upsert(s, Item("r", "{\"i64\":2}")));
            long Value(Reply r) => r.Json.GetProperty("items")[0].GetProperty("properties").GetProperty("sp").GetProperty("all").GetProperty("i64").GetInt64();
            Assert.Equal(1, Value(await Ok(Filter(s))));
            var sync = await Ok(SyncFrom(s, null));
            Assert.Equal(1, Value(sync));
            Assert.Equal("created", sync.Json.GetProperty("items")[0].GetProperty("status").GetString());
            await Later();
            Assert.Equal(2, Value(await Ok(Filter(s))));
            var after = await Ok(SyncFrom(s, sync.Json.GetProperty("nextCursor").GetString()));
            Assert.Equal(2, Value(after));
            Assert.Equal("updated", after.Json.GetProperty("items")[0].GetProperty("status").GetString());
        }

        [Fact]
        public async Task ADeleteStopsShowingOnlyAfterTheDelay()
        {
            var s = await _f.NewStream();
            await Ok(_f.Ingest(s, Item("gone"), Item("kept")));
            await Later();
            var (_, cursor, _) = await _f.SyncAll(s);
            await Ok(_f.Delete(s, "gone"));
            Assert.Equal(new[] { "gone", "kept" }, Ids(await Ok(Filter(s))).OrderBy(x => x));
            Assert.Empty(Ids(await Ok(SyncFrom(s, cursor))));
            await Later();
            Assert.Equal(new[] { "kept" }, Ids(await Ok(Filter(s))));
            var tomb = (await Ok(SyncFrom(s, cursor))).Json.GetProperty("items").EnumerateArray().Single();
            Assert.Equal("gone", tomb.GetProperty("externalId").GetString());
            Assert.Equal("deleted", tomb.GetProperty("status").GetString());
        }

        [Fact]
        public async Task SeededRecordsAreVisibleAtOnce()
        {
            await Ok(Admin(HttpMethod.Post, "seed", "{\"project\":\"test\",\"stream\":\"seeded-now\",\"records\":5,\"properties\":2}"));
            Assert.Equal(5, Ids(await Ok(SyncFrom("seeded-now", null))).Length);
        }

        [Fact]
        public async Task TheDelayIsASettingThatChangesAtRunTime()
        {
            Assert.Equal(30, (await Ok(Admin(HttpMethod.Get, "config"))).Json.GetProperty("visibilityDelaySeconds").GetDouble());
            try
            {
                Assert.Equal(0, (await Ok(Admin(HttpMethod.Post, "config", "{\"visibilityDelaySeconds\":0}"))).Json.GetProperty("visibilityDelaySeconds").GetDouble());
                var s = await _f.NewStream();
                await Ok(_f.Ingest(s, Item("now")));
                Assert.Equal(new[] { "now" }, Ids(await Ok(Filter(s))));
                Assert.Contains("visibilityDelaySeconds", (await Admin(HttpMethod.Post, "config", "{\"visibilityDelaySeconds\":-1}")).ErrorMessage);
            }
            finally
            {
                await Admin(HttpMethod.Post, "config", $"{{\"visibilityDelaySeconds\":{DelayedFixture.Delay.TotalSeconds}}}");
            }
        }
    }
}
