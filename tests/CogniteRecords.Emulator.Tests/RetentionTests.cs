using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Hosting;
using static CogniteRecords.Emulator.Tests.EmulatorFixture;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>Retention by the movable clock: tombstones, old cursors, dataDeletedAfter, soft-deleted stream ids.</summary>
    public sealed class RetentionTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _f;

        public RetentionTests(EmulatorFixture f) => _f = f;

        private Task<Reply> Admin(HttpMethod method, string path, string? json = null) =>
            _f.Send(method, _f.Host.HttpUrl + "/_emulator/" + path, json, token: null);

        private Task Advance(TimeSpan by) => Ok(Admin(HttpMethod.Post, "clock", $"{{\"advanceSeconds\":{by.TotalSeconds}}}"));

        private static string[] Changes(Reply r) => r.Json.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("externalId").GetString() + ":" + i.GetProperty("status").GetString()).ToArray();

        private Task<Reply> SyncFrom(string stream, string cursor) => _f.Sync(stream, $"{{\"cursor\":\"{cursor}\",\"limit\":1000}}");

        private Task<Reply> SyncAllOf(string stream) => _f.Sync(stream, "{\"initializeCursor\":\"365d-ago\",\"limit\":1000}");

        [Fact]
        public async Task TombstonesAreDroppedAfterThreeDays()
        {
            var s = await _f.NewStream();
            await Ok(_f.Ingest(s, Item("a"), Item("b")));
            await Ok(_f.Delete(s, "a"));
            Assert.Equal(new[] { "b:created", "a:deleted" }, Changes(await Ok(SyncAllOf(s))));
            await Advance(TimeSpan.FromDays(2));
            Assert.Equal(new[] { "b:created", "a:deleted" }, Changes(await Ok(SyncAllOf(s))));
            await Advance(TimeSpan.FromDays(1.01));
            Assert.Equal(new[] { "b:created" }, Changes(await Ok(SyncAllOf(s))));
            // The id is free: ingesting it again creates it.
            await Ok(_f.Ingest(s, Item("a")));
            Assert.Equal(new[] { "b:created", "a:created" }, Changes(await Ok(SyncAllOf(s))));
        }

        [Fact]
        public async Task ACursorOlderThanTheTombstoneRetentionHasExpired()
        {
            var s = await _f.NewStream();
            await Ok(_f.Ingest(s, Item("a")));
            var (_, cursor, _) = await _f.SyncAll(s);
            await Advance(TimeSpan.FromDays(2.9));
            await Ok(SyncFrom(s, cursor));
            await Advance(TimeSpan.FromDays(0.2));
            var r = await SyncFrom(s, cursor);
            Assert.Equal(400, r.Code);
            Assert.StartsWith("Cursor has expired", r.ErrorMessage);
        }

        [Fact]
        public async Task OldCursorsCanInsteadMissDeletesSilently()
        {
            var s = await _f.NewStream();
            await Ok(_f.Ingest(s, Item("a"), Item("b")));
            var (_, cursor, _) = await _f.SyncAll(s);
            try
            {
                Assert.Equal("miss-deletes", (await Ok(Admin(HttpMethod.Post, "config", "{\"oldCursors\":\"miss-deletes\"}"))).Json.GetProperty("oldCursors").GetString());
                await Ok(_f.Delete(s, "a"));
                await Advance(TimeSpan.FromDays(3.5));
                await Ok(_f.Ingest(s, Item("c")));
                Assert.Equal(new[] { "c:created" }, Changes(await Ok(SyncFrom(s, cursor))));
                Assert.Equal(400, (await Admin(HttpMethod.Post, "config", "{\"oldCursors\":\"sometimes\"}")).Code);
            }
            finally
            {
                await Admin(HttpMethod.Post, "config", "{\"oldCursors\":\"expire\"}");
            }
        }

        [Fact]
        public async Task TheTombstoneRetentionIsASetting()
        {
            var s = await _f.NewStream();
            await Ok(_f.Ingest(s, Item("a")));
            await Ok(_f.Delete(s, "a"));
            try
            {
                await Ok(Admin(HttpMethod.Post, "config", "{\"tombstoneRetentionSeconds\":60}"));
                await Advance(TimeSpan.FromSeconds(61));
                Assert.Empty(Changes(await Ok(SyncAllOf(s))));
            }
            finally
            {
                await Admin(HttpMethod.Post, "config", $"{{\"tombstoneRetentionSeconds\":{TimeSpan.FromDays(3).TotalSeconds}}}");
            }
            var o = EmulatorOptions.Parse(new[] { "--tombstone-retention", "7.00:00:00", "--old-cursors", "miss-deletes" });
            Assert.Equal(TimeSpan.FromDays(7), o.TombstoneRetention);
            Assert.False(o.OldCursorsExpire);
            Assert.True(EmulatorOptions.Parse(Array.Empty<string>()).OldCursorsExpire);
            Assert.Contains("--old-cursors", Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(new[] { "--old-cursors", "never" })).Message);
        }

        [Fact]
        public async Task RecordsOlderThanDataDeletedAfterLeaveEveryEndpoint()
        {
            var s = await _f.NewStream("ImmutableTestStream"); // dataDeletedAfter P7D
            await Ok(_f.Ingest(s, Item("old")));
            await Advance(TimeSpan.FromDays(4));
            await Ok(_f.Ingest(s, Item("new")));
            await Advance(TimeSpan.FromDays(4));
            Assert.Equal(new[] { "new:created" }, Changes(await Ok(SyncAllOf(s))));
            long from = DateTimeOffset.UtcNow.AddDays(-300).ToUnixTimeMilliseconds();
            var filtered = await Ok(_f.Post($"/streams/{s}/records/filter", $"{{\"lastUpdatedTime\":{{\"gte\":{from}}},\"limit\":100}}"));
            Assert.Equal(new[] { "new" }, filtered.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("externalId").GetString()));
            var count = await Ok(_f.Post($"/streams/{s}/records/aggregate", $"{{\"lastUpdatedTime\":{{\"gte\":{from}}},\"aggregates\":{{\"n\":{{\"count\":{{}}}}}}}}"));
            Assert.Equal(1, count.Json.GetProperty("aggregates").GetProperty("n").GetProperty("count").GetInt64());
            var stats = await Ok(_f.Get($"/streams/{s}?includeStatistics=true"));
            Assert.Equal(1, stats.Json.GetProperty("settings").GetProperty("limits").GetProperty("maxRecordsTotal").GetProperty("consumed").GetInt64());
        }

        [Fact]
        public async Task ASoftDeletedStreamsIdIsFreeAfterItsRetention()
        {
            var s = await _f.NewStream("ImmutableTestStream"); // retainedAfterSoftDelete P1D
            await Ok(_f.Post("/streams/delete", $"{{\"items\":[{{\"externalId\":\"{s}\"}}]}}"));
            string body = $"{{\"items\":[{{\"externalId\":\"{s}\",\"settings\":{{\"template\":{{\"name\":\"BasicLiveData\"}}}}}}]}}";
            Assert.Equal(409, (await _f.Post("/streams", body)).Code);
            await Advance(TimeSpan.FromDays(1.01));
            var again = await Ok(_f.Post("/streams", body));
            Assert.Equal("Mutable", again.Json.GetProperty("items")[0].GetProperty("type").GetString());
        }
    }
}
