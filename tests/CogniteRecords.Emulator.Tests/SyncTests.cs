using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Storage;
using static CogniteRecords.Emulator.Tests.EmulatorFixture;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>Sync: cursors, initializeCursor, limit, the page cap, continuity, tombstones, sources and filters.</summary>
    public sealed class SyncTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _f;

        public SyncTests(EmulatorFixture f) => _f = f;

        private static string Id(JsonElement item) => item.GetProperty("externalId").GetString()!;

        private static long I64(JsonElement item) => item.GetProperty("properties").GetProperty("sp").GetProperty("all").GetProperty("i64").GetInt64();

        private async Task<string> StreamWith(int count, string template = "BasicLiveData")
        {
            var s = await _f.NewStream(template);
            for (int start = 0; start < count; start += 1000)
                await Ok(_f.Ingest(s, Enumerable.Range(start, Math.Min(1000, count - start)).Select(i => Item($"r{i:D5}", $"{{\"i64\":{i}}}")).ToArray()));
            return s;
        }

        [Fact]
        public async Task APageHasItemsNextCursorAndHasNext()
        {
            var s = await StreamWith(25);
            var r = await Ok(_f.Sync(s, "{\"initializeCursor\":\"1d-ago\",\"limit\":10}"));
            var json = r.Json;
            Assert.Equal(10, json.GetProperty("items").GetArrayLength());
            Assert.True(json.GetProperty("hasNext").GetBoolean());
            var item = json.GetProperty("items")[0];
            foreach (var field in new[] { "space", "externalId", "createdTime", "lastUpdatedTime", "status", "properties" })
                Assert.True(item.TryGetProperty(field, out _), field);
            Assert.Equal("r00000", Id(item));
        }

        [Fact]
        public async Task TheDefaultLimitIs10AndLimitIsChecked()
        {
            var s = await StreamWith(15);
            Assert.Equal(10, (await _f.Sync(s, "{\"initializeCursor\":\"1d-ago\"}")).Json.GetProperty("items").GetArrayLength());
            Assert.Contains("'limit'", (await _f.Sync(s, "{\"initializeCursor\":\"1d-ago\",\"limit\":0}")).ErrorMessage);
            Assert.Equal(400, (await _f.Sync(s, "{\"initializeCursor\":\"1d-ago\",\"limit\":1001}")).Code);
            Assert.Equal(400, (await _f.Sync(s, "{\"initializeCursor\":\"1d-ago\",\"limit\":\"5\"}")).Code);
        }

        [Fact]
        public async Task APassReadsEveryRecordOnceInOrder()
        {
            var s = await StreamWith(2500);
            var (items, _, pages) = await _f.SyncAll(s, limit: 1000);
            Assert.Equal(3, pages);
            Assert.Equal(Enumerable.Range(0, 2500).Select(i => $"r{i:D5}"), items.Select(Id));
        }

        [Fact]
        public async Task NeitherCursorNorInitializeCursorIs400()
        {
            var s = await StreamWith(1);
            var r = await _f.Sync(s, "{\"limit\":5}");
            Assert.Equal(400, r.Code);
            Assert.Contains("initializeCursor", r.ErrorMessage);
        }

        [Theory]
        [InlineData("3x-ago")]
        [InlineData("3m")]
        [InlineData("m-ago")]
        [InlineData("-3m-ago")]
        [InlineData("3M-ago")]
        [InlineData("1h-ag")]
        [InlineData("now")]
        [InlineData("30s-ago")] // seconds: undocumented, refused by the client too
        public async Task ABadInitializeCursorIs400(string value)
        {
            var s = await StreamWith(1);
            var r = await _f.Sync(s, $"{{\"initializeCursor\":\"{value}\"}}");
            Assert.Equal(400, r.Code);
            Assert.Contains("initializeCursor", r.ErrorMessage);
        }

        [Theory]
        [InlineData("3m-ago")]
        [InlineData("400h-ago")]
        [InlineData("25d-ago")]
        public async Task DocumentedInitializeCursorFormsAreAccepted(string value)
        {
            var s = await StreamWith(2);
            var r = await _f.Sync(s, $"{{\"initializeCursor\":\"{value}\"}}");
            Assert.Equal(200, r.Code);
            Assert.Equal(2, r.Json.GetProperty("items").GetArrayLength());
        }

        [Fact]
        public async Task InitializeCursorStartsAtTheGivenAge()
        {
            var s = await _f.NewStream();
            var stream = _f.Host.Store.Project(Project).GetStream(s);
            long old = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeMilliseconds();
            var props = System.Text.Encoding.UTF8.GetBytes("{\"sp\":{\"all\":{\"i64\":0}}}");
            stream.AppendRaw(new[] { new RecordVersion("sp", "old", old, old, 0, RecordStatus.Created, props, new[] { ("sp", "all") }) }, assignSeq: true);
            await Ok(_f.Ingest(s, Item("new")));
            var recent = (await _f.Sync(s, "{\"initializeCursor\":\"1h-ago\"}")).Json.GetProperty("items").EnumerateArray().Select(Id);
            Assert.Equal(new[] { "new" }, recent);
            var all = (await _f.Sync(s, "{\"initializeCursor\":\"3h-ago\"}")).Json.GetProperty("items").EnumerateArray().Select(Id);
            Assert.Equal(new[] { "old", "new" }, all);
        }

        [Fact]
        public async Task ACursorWinsOverInitializeCursor()
        {
            var s = await StreamWith(5);
            var first = await Ok(_f.Sync(s, "{\"initializeCursor\":\"1d-ago\",\"limit\":2}"));
            var cursor = first.Json.GetProperty("nextCursor").GetString();
            var r = await _f.Sync(s, $"{{\"cursor\":\"{cursor}\",\"initializeCursor\":\"not-valid-at-all\",\"limit\":10}}");
            Assert.Equal(200, r.Code);
            Assert.Equal(new[] { "r00002", "r00003", "r00004" }, r.Json.GetProperty("items").EnumerateArray().Select(Id));
        }

        [Fact]
        public async Task GarbageTamperedAndForeignCursorsAre400()
        {
            var s = await StreamWith(3);
            var other = await StreamWith(3);
            var cursor = (await _f.Sync(s, "{\"initializeCursor\":\"1d-ago\",\"limit\":1}")).Json.GetProperty("nextCursor").GetString()!;
            foreach (var bad in new[] { "abc", "!!!!", "", cursor[..^2], cursor + "A", Tamper(cursor, 3), Tamper(cursor, 12), Tamper(cursor, cursor.Length - 1) })
            {
                var r = await _f.Sync(s, $"{{\"cursor\":\"{bad}\"}}");
                Assert.True(r.Code == 400, $"cursor '{bad}' gave {r}");
                Assert.Contains("cursor", r.ErrorMessage, StringComparison.OrdinalIgnoreCase);
            }
            var foreign = await _f.Sync(other, $"{{\"cursor\":\"{cursor}\"}}");
            Assert.Equal(400, foreign.Code);
            Assert.Contains("another stream", foreign.ErrorMessage);
            Assert.Equal(400, (await _f.Sync(s, "{\"cursor\":\"" + new string('A', 100_001) + "\"}")).Code);
        }

        private static string Tamper(string cursor, int index)
        {
            var chars = cursor.ToCharArray();
            chars[index] = chars[index] == 'A' ? 'B' : 'A';
            return new string(chars);
        }

        [Fact]
        public async Task AnExpiredCursorIs400StartingCursorHasExpired()
        {
            var s = await StreamWith(3);
            var cursor = (await _f.Sync(s, "{\"initializeCursor\":\"1d-ago\",\"limit\":1}")).Json.GetProperty("nextCursor").GetString()!;
            await Task.Delay(50);
            var settings = _f.Host.Runtime.Settings;
            try
            {
                settings.CursorMaxAge = TimeSpan.FromMilliseconds(10);
                var r = await _f.Sync(s, $"{{\"cursor\":\"{cursor}\"}}");
                Assert.Equal(400, r.Code);
                Assert.StartsWith("Cursor has expired", r.ErrorMessage);
                settings.CursorMaxAge = TimeSpan.FromHours(1);
                Assert.Equal(200, (await _f.Sync(s, $"{{\"cursor\":\"{cursor}\"}}")).Code);
            }
            finally { settings.CursorMaxAge = null; }
        }

        [Fact]
        public async Task AnEmptyPageStillHasACursorToPollFrom()
        {
            var s = await StreamWith(2);
            var (_, cursor, _) = await _f.SyncAll(s);
            var empty = await Ok(_f.Sync(s, $"{{\"cursor\":\"{cursor}\"}}"));
            Assert.Equal(0, empty.Json.GetProperty("items").GetArrayLength());
            Assert.False(empty.Json.GetProperty("hasNext").GetBoolean());
            var next = empty.Json.GetProperty("nextCursor").GetString()!;
            Assert.False(string.IsNullOrEmpty(next));
            await Ok(_f.Ingest(s, Item("late")));
            var later = await Ok(_f.Sync(s, $"{{\"cursor\":\"{next}\"}}"));
            Assert.Equal(new[] { "late" }, later.Json.GetProperty("items").EnumerateArray().Select(Id));
        }

        [Fact]
        public async Task AnEmptyStreamAnswersAnEmptyPage()
        {
            var s = await _f.NewStream();
            var r = await Ok(_f.Sync(s, "{\"initializeCursor\":\"1d-ago\"}"));
            Assert.Equal(0, r.Json.GetProperty("items").GetArrayLength());
            Assert.False(r.Json.GetProperty("hasNext").GetBoolean());
        }

        [Fact]
        public async Task ChangesMadeWhilePagingArePickedUpLaterNeverSkipped()
        {
            var s = await StreamWith(50);
            var first = await Ok(_f.Sync(s, "{\"initializeCursor\":\"1d-ago\",\"limit\":10}"));
            var seen = first.Json.GetProperty("items").EnumerateArray().ToList();
            var cursor = first.Json.GetProperty("nextCursor").GetString()!;
            // r00000 was read already, r00030 not yet; r00050 is new.
            await Ok(_f.Upsert(s, Item("r00000", "{\"i64\":1000}"), Item("r00030", "{\"i64\":3000}")));
            await Ok(_f.Ingest(s, Item("r00050", "{\"i64\":50}")));
            var (rest, _, _) = await _f.SyncAll(s, cursor, limit: 10);
            seen.AddRange(rest);

            Assert.Equal(51, seen.Select(Id).Distinct().Count());
            var r30 = Assert.Single(seen, i => Id(i) == "r00030");
            Assert.Equal(3000, I64(r30));
            Assert.Equal("updated", r30.GetProperty("status").GetString());
            var r0 = seen.Where(i => Id(i) == "r00000").ToList();
            Assert.Equal(2, r0.Count);
            Assert.Equal(new long[] { 0, 1000 }, r0.Select(I64));
            Assert.Equal(new[] { "r00000", "r00030", "r00050" }, rest.TakeLast(3).Select(Id).OrderBy(x => x));
        }

        [Fact]
        public async Task ConcurrentWritersNeverMakeASyncMissTheFinalState()
        {
            var s = await StreamWith(300);
            var final = new Dictionary<string, long>();
            for (int i = 0; i < 300; i++) final[$"r{i:D5}"] = i;
            var random = new Random(7);
            var writer = Task.Run(async () =>
            {
                for (int round = 0; round < 40; round++)
                {
                    var ids = Enumerable.Range(0, 5).Select(_ => random.Next(0, 320)).Distinct().ToList();
                    var values = ids.ToDictionary(i => $"r{i:D5}", i => (long)(round * 10_000 + i));
                    await Ok(_f.Upsert(s, values.Select(kv => Item(kv.Key, $"{{\"i64\":{kv.Value}}}")).ToArray()));
                    lock (final) foreach (var kv in values) final[kv.Key] = kv.Value;
                }
            });
            var latest = new Dictionary<string, long>();
            string? cursor = null;
            while (!writer.IsCompleted)
            {
                var (items, next, _) = await _f.SyncAll(s, cursor, limit: 7);
                foreach (var item in items) latest[Id(item)] = I64(item);
                cursor = next;
            }
            await writer;
            var (tail, _, _) = await _f.SyncAll(s, cursor, limit: 7);
            foreach (var item in tail) latest[Id(item)] = I64(item);
            Assert.Equal(final.OrderBy(kv => kv.Key), latest.OrderBy(kv => kv.Key));
        }

        [Fact]
        public async Task WithinOnePassNoRecordRepeatsWhenNothingChanges()
        {
            var s = await StreamWith(333);
            var (items, _, _) = await _f.SyncAll(s, limit: 10);
            Assert.Equal(333, items.Length);
            Assert.Equal(333, items.Select(Id).Distinct().Count());
        }

        [Fact]
        public async Task DeletesLeaveTombstonesWithoutProperties()
        {
            var s = await StreamWith(3);
            var (_, cursor, _) = await _f.SyncAll(s);
            await Ok(_f.Delete(s, "r00001"));
            var page = await Ok(_f.Sync(s, $"{{\"cursor\":\"{cursor}\"}}"));
            var tomb = Assert.Single(page.Json.GetProperty("items").EnumerateArray());
            Assert.Equal("r00001", Id(tomb));
            Assert.Equal("deleted", tomb.GetProperty("status").GetString());
            Assert.False(tomb.TryGetProperty("properties", out _));
            Assert.True(tomb.GetProperty("lastUpdatedTime").GetInt64() >= tomb.GetProperty("createdTime").GetInt64());
            // A fresh pass shows the tombstone in place of the record.
            var all = (await _f.SyncAll(s)).Items;
            Assert.Equal(new[] { "r00000", "r00002", "r00001" }, all.Select(Id));
            Assert.Equal("deleted", all[2].GetProperty("status").GetString());
        }

        [Fact]
        public async Task ThePageCapCutsPagesShortWhileHasNextStaysTrue()
        {
            var s = await StreamWith(100);
            var settings = _f.Host.Runtime.Settings;
            try
            {
                settings.PageBytes = 4096;
                var first = await Ok(_f.Sync(s, "{\"initializeCursor\":\"1d-ago\",\"limit\":1000}"));
                int n = first.Json.GetProperty("items").GetArrayLength();
                Assert.InRange(n, 1, 99);
                Assert.True(first.Json.GetProperty("hasNext").GetBoolean());
                Assert.True(first.Body.Length <= 4096, $"page of {first.Body.Length} bytes");
                var (items, _, pages) = await _f.SyncAll(s, limit: 1000);
                Assert.True(pages > 2);
                Assert.Equal(Enumerable.Range(0, 100).Select(i => $"r{i:D5}"), items.Select(Id));
            }
            finally { settings.PageBytes = Hosting.EmulatorOptions.DefaultPageBytes; }
        }

        [Fact]
        public async Task ARecordLargerThanThePageCapStillComesAloneOnItsPage()
        {
            var s = await _f.NewStream();
            var big = new string('x', 6000);
            await Ok(_f.Ingest(s, Item("big1", $"{{\"txt\":\"{big}\"}}"), Item("big2", $"{{\"txt\":\"{big}\"}}")));
            var settings = _f.Host.Runtime.Settings;
            try
            {
                settings.PageBytes = 4096;
                var (items, _, pages) = await _f.SyncAll(s, limit: 1000);
                Assert.Equal(new[] { "big1", "big2" }, items.Select(Id));
                Assert.Equal(2, pages);
            }
            finally { settings.PageBytes = Hosting.EmulatorOptions.DefaultPageBytes; }
        }

        [Fact]
        public async Task SourcesSelectContainersAndProperties()
        {
            var s = await _f.NewStream();
            var both = $"{{\"space\":\"sp\",\"externalId\":\"r1\",\"sources\":[{{\"source\":{{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"all\"}},\"properties\":{{\"i64\":1,\"txt\":\"a\",\"b\":true}}}},{{\"source\":{{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"second\"}},\"properties\":{{\"x\":9}}}}]}}";
            await Ok(_f.Ingest(s, both));
            var some = await Ok(_f.Sync(s, "{\"initializeCursor\":\"1d-ago\",\"sources\":[{\"source\":{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"all\"},\"properties\":[\"i64\",\"b\"]}]}"));
            var props = some.Json.GetProperty("items")[0].GetProperty("properties");
            Assert.Equal(new[] { "sp" }, props.EnumerateObject().Select(p => p.Name));
            Assert.Equal(new[] { "all" }, props.GetProperty("sp").EnumerateObject().Select(p => p.Name));
            Assert.Equal(new[] { "i64", "b" }, props.GetProperty("sp").GetProperty("all").EnumerateObject().Select(p => p.Name));

            var star = await Ok(_f.Sync(s, "{\"initializeCursor\":\"1d-ago\",\"sources\":[{\"source\":{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"second\"},\"properties\":[\"*\"]}]}"));
            var starProps = star.Json.GetProperty("items")[0].GetProperty("properties").GetProperty("sp");
            Assert.Equal(new[] { "second" }, starProps.EnumerateObject().Select(p => p.Name));
            Assert.Equal(9, starProps.GetProperty("second").GetProperty("x").GetInt64());

            var none = await Ok(_f.Sync(s, "{\"initializeCursor\":\"1d-ago\"}"));
            Assert.Equal(2, none.Json.GetProperty("items")[0].GetProperty("properties").GetProperty("sp").EnumerateObject().Count());
        }

        [Theory]
        [InlineData("[]", "sources")]
        [InlineData("[{\"source\":{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"ghost\"},\"properties\":[\"*\"]}]", "sources[0].source")]
        [InlineData("[{\"source\":{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"all\"},\"properties\":[\"nope\"]}]", "sources[0].properties[0]")]
        [InlineData("[{\"source\":{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"all\"},\"properties\":[]}]", "sources[0].properties")]
        [InlineData("[{\"source\":{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"all\"}}]", "sources[0].properties")]
        public async Task InvalidSourcesAre400(string sources, string expected)
        {
            var s = await StreamWith(1);
            var r = await _f.Sync(s, $"{{\"initializeCursor\":\"1d-ago\",\"sources\":{sources}}}");
            Assert.Equal(400, r.Code);
            Assert.Contains(expected, r.ErrorMessage);
        }

        [Fact]
        public async Task ElevenSourcesAre400()
        {
            var s = await StreamWith(1);
            var one = "{\"source\":{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"all\"},\"properties\":[\"*\"]}";
            var r = await _f.Sync(s, "{\"initializeCursor\":\"1d-ago\",\"sources\":[" + string.Join(",", Enumerable.Repeat(one, 11)) + "]}");
            Assert.Equal(400, r.Code);
            Assert.Contains("sources", r.ErrorMessage);
        }

        [Fact]
        public async Task IncludeTypingDescribesTheSelectedProperties()
        {
            var s = await StreamWith(3);
            var plain = await Ok(_f.Sync(s, "{\"initializeCursor\":\"1d-ago\"}"));
            Assert.False(plain.Json.TryGetProperty("typing", out _));
            var all = await Ok(_f.Sync(s, "{\"initializeCursor\":\"1d-ago\",\"includeTyping\":true}"));
            var allTyping = all.Json.GetProperty("typing").GetProperty("sp").GetProperty("all");
            Assert.Equal("int64", allTyping.GetProperty("i64").GetProperty("type").GetProperty("type").GetString());
            Assert.True(allTyping.GetProperty("tags").GetProperty("type").GetProperty("list").GetBoolean());
            Assert.Equal(3, all.Json.GetProperty("items").GetArrayLength());
            var some = await Ok(_f.Sync(s, "{\"initializeCursor\":\"1d-ago\",\"includeTyping\":true,\"sources\":[{\"source\":{\"type\":\"container\",\"space\":\"sp\",\"externalId\":\"all\"},\"properties\":[\"ts\"]}]}"));
            var typed = some.Json.GetProperty("typing").GetProperty("sp").GetProperty("all");
            Assert.Equal(new[] { "ts" }, typed.EnumerateObject().Select(p => p.Name));
            Assert.Equal("timestamp", typed.GetProperty("ts").GetProperty("type").GetProperty("type").GetString());
        }

        [Fact]
        public async Task UnknownFieldsAre400()
        {
            var s = await StreamWith(1);
            var r = await _f.Sync(s, "{\"initializeCursor\":\"1d-ago\",\"pageSize\":5}");
            Assert.Equal(400, r.Code);
            Assert.Contains("pageSize", r.ErrorMessage);
        }

        [Fact]
        public async Task AFilterSelectsChangesAndContainerFiltersSkipTombstones()
        {
            var s = await StreamWith(10);
            await Ok(_f.Delete(s, "r00002", "r00003"));
            var byValue = (await _f.SyncAll(s, extra: ",\"filter\":{\"range\":{\"property\":[\"sp\",\"all\",\"i64\"],\"gte\":2,\"lt\":5}}")).Items;
            Assert.Equal(new[] { "r00004" }, byValue.Select(Id));
            var byId = (await _f.SyncAll(s, extra: ",\"filter\":{\"in\":{\"property\":[\"externalId\"],\"values\":[\"r00002\",\"r00004\"]}}")).Items;
            Assert.Equal(new[] { "r00004", "r00002" }, byId.Select(Id));
            Assert.Equal("deleted", byId[1].GetProperty("status").GetString());
        }

        [Fact]
        public async Task FilterSizeLimitsApplyThroughSync()
        {
            var s = await StreamWith(1);
            var leaf = "{\"matchAll\":{}}";
            var deep = leaf;
            for (int i = 0; i < 11; i++) deep = "{\"not\":" + deep + "}";
            var r = await _f.Sync(s, $"{{\"initializeCursor\":\"1d-ago\",\"filter\":{deep}}}");
            Assert.Equal(400, r.Code);
            var wide = "{\"and\":[" + string.Join(",", Enumerable.Repeat("{\"or\":[" + string.Join(",", Enumerable.Repeat(leaf, 10)) + "]}", 10)) + "]}";
            Assert.Equal(400, (await _f.Sync(s, $"{{\"initializeCursor\":\"1d-ago\",\"filter\":{wide}}}")).Code);
            Assert.Equal(200, (await _f.Sync(s, $"{{\"initializeCursor\":\"1d-ago\",\"filter\":{{\"and\":[{leaf},{leaf}]}}}}")).Code);
        }

        [Fact]
        public async Task AnInvalidFilterIs400()
        {
            var s = await StreamWith(1);
            var r = await _f.Sync(s, "{\"initializeCursor\":\"1d-ago\",\"filter\":{\"prefix\":{\"property\":[\"createdTime\"],\"value\":\"1\"}}}");
            Assert.Equal(400, r.Code);
        }
    }
}
