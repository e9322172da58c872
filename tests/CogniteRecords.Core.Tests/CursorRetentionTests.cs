using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Auth;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Core.Tests
{
    /// <summary>
    /// A sync that resumes from a cursor last used longer ago than tombstones are kept warns that deletes may have been
    /// missed: the age logic, where the last-use time is kept (checkpoint file, session store), and the service's clock
    /// (the Date header) as "now", against the emulator with its clock moved.
    /// </summary>
    [Collection("engine")]
    public sealed class CursorRetentionTests : IClassFixture<CoreEmulator>, IDisposable
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
        private readonly CoreEmulator _emu;
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "cr-retention-" + Guid.NewGuid().ToString("N"));
        private readonly string _path;

        public CursorRetentionTests(CoreEmulator emu)
        {
            _emu = emu;
            Directory.CreateDirectory(_folder);
            _path = Path.Combine(_folder, "cp.json");
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private static SyncKey Key() => new SyncKey("proj", "https://example.invalid", "s", "sp/c:*", null);

        private static SyncPage Page(string next, DateTimeOffset? serverTime) =>
            new SyncPage(new List<SyncItem>(), next, false, 10, TimeSpan.Zero, 1000) { ServerTime = serverTime };

        private sealed class Store : ISyncCursorStore
        {
            public string? Cursor;
            public DateTimeOffset? UsedAt;
            public string? KeptCursor(SyncKey key) => Cursor;
            public DateTimeOffset? KeptCursorUsedAt(SyncKey key) => Cursor == null ? null : UsedAt;
            public void Keep(SyncKey key, SyncPage page, DateTimeOffset committedAt)
            {
                Cursor = page.NextCursor;
                UsedAt = page.ServerTime ?? committedAt;
            }
        }

        [Fact]
        public void The_retention_is_three_days_and_only_an_older_cursor_is_beyond_it()
        {
            Assert.Equal(3, CursorRetention.TombstoneRetentionDays);
            Assert.Equal(TimeSpan.FromDays(3), CursorRetention.TombstoneRetention);
            var r = CursorRetention.TombstoneRetention;
            Assert.Null(CursorRetention.AgeBeyond(null, T0, r));
            Assert.Null(CursorRetention.AgeBeyond(default(DateTimeOffset), T0, r));
            Assert.Null(CursorRetention.AgeBeyond(T0, T0.AddDays(2), r));
            Assert.Null(CursorRetention.AgeBeyond(T0, T0.AddDays(3), r));
            Assert.Equal(TimeSpan.FromDays(3).Add(TimeSpan.FromSeconds(1)), CursorRetention.AgeBeyond(T0, T0.AddDays(3).AddSeconds(1), r));
            Assert.Equal(TimeSpan.FromDays(4), CursorRetention.AgeBeyond(T0, T0.AddDays(4), r));
            // A clock that went back (another server's) is no reason to warn.
            Assert.Null(CursorRetention.AgeBeyond(T0, T0.AddDays(-5), r));
            // A longer retention, when known, moves the line.
            Assert.Null(CursorRetention.AgeBeyond(T0, T0.AddDays(4), TimeSpan.FromDays(7)));
        }

        [Fact]
        public void Ages_read_in_days_hours_and_minutes()
        {
            Assert.Equal("4 days", CursorRetention.Describe(TimeSpan.FromDays(4)));
            Assert.Equal("4 days, 2 hours", CursorRetention.Describe(new TimeSpan(4, 2, 30, 0)));
            Assert.Equal("3 days, 1 minute", CursorRetention.Describe(new TimeSpan(3, 0, 1, 0)));
            Assert.Equal("1 day, 1 hour", CursorRetention.Describe(new TimeSpan(1, 1, 0, 0)));
            Assert.Equal("5 hours, 3 minutes", CursorRetention.Describe(new TimeSpan(0, 5, 3, 0)));
            Assert.Equal("less than a minute", CursorRetention.Describe(TimeSpan.FromSeconds(20)));
        }

        [Fact]
        public void The_warning_names_the_stream_the_age_the_missed_deletes_and_what_to_do()
        {
            var kept = CursorRetention.Warning("readings", TimeSpan.FromDays(4), T0, CursorRetention.TombstoneRetention, null);
            Assert.StartsWith("Stream 'readings': this sync resumes from a cursor last used 4 days ago (2026-11-27 08:00:00Z), longer than the 3 days", kept);
            Assert.Contains("deletes made in that time may have been missed", kept);
            Assert.Contains("full re-sync and reconcile", kept);
            Assert.Contains("-InitializeCursor (it replaces the kept cursor)", kept);
            Assert.DoesNotContain("checkpoint", kept);

            var file = CursorRetention.Warning("readings", TimeSpan.FromDays(4), T0, CursorRetention.TombstoneRetention, "/data/readings.json");
            Assert.Contains("delete or rename the checkpoint file '/data/readings.json' and run the sync again with -InitializeCursor", file);
        }

        [Fact]
        public void A_checkpoint_keeps_when_its_cursor_was_last_used_by_the_service_clock_and_a_resumed_sync_measures_from_it()
        {
            using (var first = SyncSession.Open(Key(), new SyncRequest("s") { InitializeCursor = "2d-ago" }, _path, null))
            {
                Assert.Null(first.StartCursorUsedAt);
                Assert.Null(first.CursorAgeWarning(Page("c0", T0.AddDays(30))));
                // The service's time, not the local one, is kept with the cursor.
                first.Commit(Page("c1", T0));
            }
            var read = CheckpointFile.Read(_path)!;
            Assert.Equal(T0, read.CursorUsedAt);
            Assert.Contains("\"cursorUsedAt\": \"2026-11-27T08:00:00.000Z\"", File.ReadAllText(_path));

            using (var soon = SyncSession.Open(Key(), new SyncRequest("s"), _path, null))
            {
                Assert.Equal(T0, soon.StartCursorUsedAt);
                Assert.Null(soon.CursorAgeWarning(Page("c2", T0.AddDays(2))));
                var late = soon.CursorAgeWarning(Page("c2", T0.AddDays(4)));
                Assert.NotNull(late);
                Assert.Contains("last used 4 days ago", late);
                Assert.Contains(_path, late);
                soon.TombstoneRetention = TimeSpan.FromDays(7);
                Assert.Null(soon.CursorAgeWarning(Page("c2", T0.AddDays(4))));
            }
        }

        [Fact]
        public void A_checkpoint_file_from_before_goes_by_its_written_time_and_one_with_neither_time_never_warns()
        {
            // Written by an earlier version: writtenAt, no cursorUsedAt.
            File.WriteAllText(_path, "{\"kind\":\"CogniteRecords.SyncCheckpoint\",\"formatVersion\":1,\"project\":\"proj\",\"baseUrl\":\"https://example.invalid\"," +
                "\"stream\":\"s\",\"sources\":\"sp/c:*\",\"filter\":null,\"cursor\":\"old\",\"caughtUp\":true,\"recordsRead\":5,\"pagesRead\":1," +
                "\"writtenAt\":\"2026-11-27T08:00:00.000Z\"}");
            Assert.Null(CheckpointFile.Read(_path)!.CursorUsedAt);
            using (var s = SyncSession.Open(Key(), new SyncRequest("s"), _path, null))
            {
                Assert.Equal(T0, s.StartCursorUsedAt);
                Assert.NotNull(s.CursorAgeWarning(Page("c", T0.AddDays(4))));
                Assert.Null(s.CursorAgeWarning(Page("c", T0.AddDays(1))));
            }

            // Hand-made, no time at all: nothing to measure, no warning.
            File.WriteAllText(_path, "{\"kind\":\"CogniteRecords.SyncCheckpoint\",\"formatVersion\":1,\"project\":\"proj\",\"baseUrl\":\"https://example.invalid\"," +
                "\"stream\":\"s\",\"sources\":\"sp/c:*\",\"filter\":null,\"cursor\":\"old\"}");
            using (var s = SyncSession.Open(Key(), new SyncRequest("s"), _path, null))
            {
                Assert.Null(s.StartCursorUsedAt);
                Assert.Null(s.CursorAgeWarning(Page("c", T0.AddYears(1))));
            }
        }

        [Fact]
        public void The_kept_session_cursor_carries_its_time_and_a_given_cursor_or_a_new_start_never_warns()
        {
            var store = new Store();
            using (var first = SyncSession.Open(Key(), new SyncRequest("s") { InitializeCursor = "2d-ago" }, null, store))
                first.Commit(Page("c1", T0));
            Assert.Equal(T0, store.UsedAt);

            using (var resumed = SyncSession.Open(Key(), new SyncRequest("s"), null, store))
            {
                Assert.Equal("the kept session cursor", resumed.StartedFrom);
                var warning = resumed.CursorAgeWarning(Page("c2", T0.AddDays(4).AddHours(2)));
                Assert.NotNull(warning);
                Assert.Contains("last used 4 days, 2 hours ago", warning);
                Assert.Contains("it replaces the kept cursor", warning);
            }
            // A page without the service's time: the local clock stands in.
            store.UsedAt = DateTimeOffset.UtcNow.AddDays(-4);
            using (var local = SyncSession.Open(Key(), new SyncRequest("s"), null, store))
                Assert.NotNull(local.CursorAgeWarning(Page("c2", null)));
            store.UsedAt = DateTimeOffset.UtcNow.AddDays(-2);
            using (var recent = SyncSession.Open(Key(), new SyncRequest("s"), null, store))
                Assert.Null(recent.CursorAgeWarning(Page("c2", null)));
            store.UsedAt = T0;

            using (var given = SyncSession.Open(Key(), new SyncRequest("s") { Cursor = "c1" }, null, store))
                Assert.Null(given.CursorAgeWarning(Page("c2", T0.AddDays(4))));
            using (var restart = SyncSession.Open(Key(), new SyncRequest("s") { InitializeCursor = "5d-ago" }, null, store))
                Assert.Null(restart.CursorAgeWarning(Page("c2", T0.AddDays(4))));
        }

        [Fact]
        public async Task Against_the_emulator_the_pages_carry_its_clock_and_a_cursor_resumed_after_its_clock_moved_four_days_warns()
        {
            // Tombstones kept a week here, so the four-day-old cursor is still good (with 3 days it would expire).
            _emu.Host.Runtime.Store.Policy.TombstoneRetention = TimeSpan.FromDays(7);
            using var client = new CdfApiClient(new CdfClientOptions
            {
                BaseUrl = new Uri(_emu.Host.HttpUrl),
                Project = CoreEmulator.Project,
                UserAgent = "CogniteRecords-Test/1.2.3",
            }, new StaticTokenSource(CoreEmulator.Token));

            async Task<SyncPage> FirstPageAsync(SyncSession session)
            {
                var reader = SyncEngine.Open(client, session.Request, null, null, null);
                var page = await reader.ReadNextAsync(CancellationToken.None);
                Assert.NotNull(page);
                return page!;
            }

            using (var first = SyncSession.Open(Key(), new SyncRequest("seeded") { InitializeCursor = "1d-ago", PageSize = 10, MaxRecords = 10 }, _path, null))
            {
                var page = await FirstPageAsync(first);
                var clock = _emu.Host.Runtime.Clock.GetUtcNow();
                Assert.NotNull(page.ServerTime);
                Assert.InRange(page.ServerTime!.Value, clock.AddSeconds(-5), clock.AddSeconds(1));
                first.Commit(page);
            }

            _emu.Host.Runtime.Clock.Advance(TimeSpan.FromDays(2));
            using (var soon = SyncSession.Open(Key(), new SyncRequest("seeded") { PageSize = 10, MaxRecords = 10 }, _path, null))
            {
                var page = await FirstPageAsync(soon);
                Assert.Null(soon.CursorAgeWarning(page));
                // Not committed: the checkpoint keeps the older cursor and its time.
            }

            _emu.Host.Runtime.Clock.Advance(TimeSpan.FromDays(2));
            using (var late = SyncSession.Open(Key(), new SyncRequest("seeded") { PageSize = 10, MaxRecords = 10 }, _path, null))
            {
                var page = await FirstPageAsync(late);
                var warning = late.CursorAgeWarning(page);
                Assert.NotNull(warning);
                Assert.Contains("last used 4 days ago", warning);
                late.Commit(page);
                Assert.InRange(CheckpointFile.Read(_path)!.CursorUsedAt!.Value, page.ServerTime!.Value.AddSeconds(-1), page.ServerTime.Value.AddSeconds(1));
            }
        }
    }
}
