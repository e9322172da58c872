using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using static CogniteRecords.Emulator.Tests.EmulatorFixture;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>The movable clock: the admin call, and everything time-based following it.</summary>
    public sealed class ClockTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _f;

        public ClockTests(EmulatorFixture f) => _f = f;

        private Task<Reply> Admin(HttpMethod method, string path, string? json = null) =>
            _f.Send(method, _f.Host.HttpUrl + "/_emulator/" + path, json, token: null);

        private async Task<long> Advance(TimeSpan by) =>
            (await Ok(Admin(HttpMethod.Post, "clock", $"{{\"advanceSeconds\":{by.TotalSeconds}}}"))).Json.GetProperty("nowMs").GetInt64();

        private static long Wall => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        [Fact]
        public async Task TheClockMovesForwardOnlyAndSaysWhereItIs()
        {
            var before = (await Ok(Admin(HttpMethod.Get, "clock"))).Json;
            double offset = before.GetProperty("offsetSeconds").GetDouble();
            long now = await Advance(TimeSpan.FromDays(7));
            Assert.InRange(now - Wall, (long)TimeSpan.FromDays(7).TotalMilliseconds + (long)(offset * 1000) - 5000,
                (long)TimeSpan.FromDays(7).TotalMilliseconds + (long)(offset * 1000) + 5000);
            var set = (await Ok(Admin(HttpMethod.Post, "clock", $"{{\"now\":{now + 3_600_000}}}"))).Json;
            Assert.InRange(set.GetProperty("nowMs").GetInt64(), now + 3_600_000, now + 3_600_000 + 5000);
            Assert.EndsWith("Z", set.GetProperty("now").GetString());

            var back = await Admin(HttpMethod.Post, "clock", $"{{\"now\":{now}}}");
            Assert.Equal(400, back.Code);
            Assert.Contains("only moves forward", back.ErrorMessage);
            Assert.Equal(400, (await Admin(HttpMethod.Post, "clock", "{\"advanceSeconds\":-1}")).Code);
            Assert.Equal(400, (await Admin(HttpMethod.Post, "clock", "{}")).Code);
            Assert.Equal(400, (await Admin(HttpMethod.Post, "clock", $"{{\"now\":{now},\"advanceSeconds\":1}}")).Code);
            Assert.Equal(400, (await Admin(HttpMethod.Post, "clock", "{\"now\":\"next tuesday\"}")).Code);
        }

        [Fact]
        public async Task RecordStreamAndSpaceTimesFollowTheClock()
        {
            long now = await Advance(TimeSpan.FromDays(3));
            var s = await _f.NewStream();
            await Ok(_f.Ingest(s, Item("a")));
            var stream = (await Ok(_f.Get($"/streams/{s}"))).Json;
            Assert.InRange(stream.GetProperty("createdTime").GetInt64(), now, now + 60_000);
            var item = (await _f.SyncAll(s)).Items.Single();
            Assert.InRange(item.GetProperty("lastUpdatedTime").GetInt64(), now, now + 60_000);
            Assert.InRange(item.GetProperty("createdTime").GetInt64(), now, now + 60_000);
        }

        [Fact]
        public async Task InitializeCursorCountsBackFromTheClock()
        {
            var s = await _f.NewStream();
            await Ok(_f.Ingest(s, Item("before")));
            await Advance(TimeSpan.FromHours(2));
            await Ok(_f.Ingest(s, Item("after")));
            string[] Ids(Reply r) => r.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("externalId").GetString()!).ToArray();
            Assert.Equal(new[] { "after" }, Ids(await Ok(_f.Sync(s, "{\"initializeCursor\":\"1h-ago\"}"))));
            Assert.Equal(new[] { "before", "after" }, Ids(await Ok(_f.Sync(s, "{\"initializeCursor\":\"3h-ago\"}"))));
        }

        [Fact]
        public async Task ACursorAgesWithTheClock()
        {
            var s = await _f.NewStream();
            await Ok(_f.Ingest(s, Item("a")));
            var (_, cursor, _) = await _f.SyncAll(s);
            try
            {
                await Ok(Admin(HttpMethod.Post, "config", "{\"cursorMaxAgeSeconds\":600}"));
                await Ok(_f.Sync(s, $"{{\"cursor\":\"{cursor}\"}}"));
                await Advance(TimeSpan.FromMinutes(11));
                var r = await _f.Sync(s, $"{{\"cursor\":\"{cursor}\"}}");
                Assert.Equal(400, r.Code);
                Assert.StartsWith("Cursor has expired", r.ErrorMessage);
            }
            finally
            {
                await Admin(HttpMethod.Post, "config", "{\"cursorMaxAgeSeconds\":null}");
            }
        }

        [Fact]
        public async Task IssuedTokensExpireByTheClock()
        {
            var token = (await Ok(Admin(HttpMethod.Post, "tokens", "{\"lifetimeSeconds\":300}"))).Json.GetProperty("accessToken").GetString();
            await Ok(_f.Get("/streams", token));
            await Advance(TimeSpan.FromSeconds(301));
            var r = await _f.Get("/streams", token);
            Assert.Equal(401, r.Code);
            Assert.Contains("expired", r.ErrorMessage);
            // A token issued after the move is valid at the moved time.
            var fresh = (await Ok(Admin(HttpMethod.Post, "tokens", "{\"lifetimeSeconds\":300}"))).Json.GetProperty("accessToken").GetString();
            await Ok(_f.Get("/streams", fresh));
        }

        [Fact]
        public async Task TheRequestLogStampsRequestsByTheClock()
        {
            long now = await Advance(TimeSpan.FromDays(1));
            await Ok(_f.Get("/streams"));
            var log = (await Ok(Admin(HttpMethod.Get, "requests?path=/streams&method=GET"))).Json.GetProperty("items");
            Assert.InRange(log.EnumerateArray().Last().GetProperty("time").GetInt64(), now, now + 60_000);
        }
    }
}
