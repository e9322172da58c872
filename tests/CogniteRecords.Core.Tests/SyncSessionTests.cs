using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Core.Tests
{
    /// <summary>The sync session: where a sync starts, and the commit of a page with the sinks that take part in it.</summary>
    public sealed class SyncSessionTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "cr-session-" + Guid.NewGuid().ToString("N"));
        private readonly string _path;

        public SyncSessionTests()
        {
            Directory.CreateDirectory(_folder);
            _path = Path.Combine(_folder, "cp.json");
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private static SyncKey Key(string stream = "s") => new SyncKey("proj", "https://example.invalid", stream, "sp/c:*", null);

        private static SyncRequest Request(string? cursor = null, string? initialize = "2d-ago") =>
            new SyncRequest("s") { Cursor = cursor, InitializeCursor = initialize };

        private static SyncPage Page(string next, int records = 2, bool hasNext = true)
        {
            var items = new List<SyncItem>();
            for (var i = 0; i < records; i++) items.Add(new SyncItem { Space = "sp", ExternalId = next + "-" + i });
            return new SyncPage(items, next, hasNext, 100, TimeSpan.Zero, 1000);
        }

        private sealed class Store : ISyncCursorStore
        {
            public readonly Dictionary<string, string> Cursors = new Dictionary<string, string>();
            public readonly List<string> Log;
            public Store(List<string> log) => Log = log;
            public string? KeptCursor(SyncKey key) => Cursors.TryGetValue(key.Text, out var c) ? c : null;
            public DateTimeOffset? KeptCursorUsedAt(SyncKey key) => null;
            public void Keep(SyncKey key, SyncPage page, DateTimeOffset committedAt)
            {
                Log.Add("store " + page.NextCursor);
                Cursors[key.Text] = page.NextCursor;
            }
        }

        private sealed class Sink : ISyncCommitParticipant
        {
            private readonly Func<string> _prepare;
            public Sink(string key, Func<string> prepare) { ParticipantKey = key; _prepare = prepare; }
            public string ParticipantKey { get; }
            public List<string?> Restored { get; } = new List<string?>();
            public void Restore(string? committedState) => Restored.Add(committedState);
            public string PrepareCommit() => _prepare();
        }

        private string? CheckpointCursor() => CheckpointFile.Read(_path)?.Cursor;

        [Fact]
        public void PrepareCommit_runs_before_the_cursor_is_kept_and_its_state_goes_into_the_checkpoint()
        {
            var log = new List<string>();
            var store = new Store(log);
            using var session = SyncSession.Open(Key(), Request(), _path, store);
            var length = 0;
            var sink = new Sink("export|/tmp/a.csv", () =>
            {
                // Neither the checkpoint nor the session store has this page's cursor yet.
                log.Add("prepare; checkpoint at " + (CheckpointCursor() ?? "none") + "; store at " + (store.KeptCursor(Key()) ?? "none"));
                length += 10;
                return length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            });
            session.Register(sink);

            session.Commit(Page("c1"));
            session.Commit(Page("c2", hasNext: false));

            Assert.Equal(new[] { "prepare; checkpoint at none; store at none", "store c1", "prepare; checkpoint at c1; store at c1", "store c2" }, log);
            var checkpoint = CheckpointFile.Read(_path)!;
            Assert.Equal("c2", checkpoint.Cursor);
            Assert.True(checkpoint.CaughtUp);
            Assert.Equal(4, checkpoint.RecordsRead);
            Assert.Equal("20", checkpoint.Participants["export|/tmp/a.csv"]);
            Assert.Equal(new string?[] { null }, sink.Restored);
        }

        /// <summary>An output that writes on a thread of its own (as the pipeline thread is), logging each record.</summary>
        private sealed class LoggingOutput : ISyncPageOutput<string[]>
        {
            private readonly List<string> _log;
            public LoggingOutput(List<string> log) => _log = log;
            public string[] Prepare(SyncPage page) => page.Items.Select(i => i.ExternalId).ToArray();
            private Task _last = Task.CompletedTask;

            // One page after the other, off the reading thread, as the pipeline thread writes them.
            public Task WriteAsync(SyncPage page, string[] prepared, Action commit) => _last = _last.ContinueWith(_ =>
            {
                lock (_log) foreach (var id in prepared) _log.Add("record " + id);
                commit();
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        [Fact]
        public async Task The_page_loop_commits_each_page_after_its_last_record_and_before_its_checkpoint()
        {
            var log = new List<string>();
            using var session = SyncSession.Open(Key(), Request(), _path, null);
            session.Register(new Sink("export|a", () =>
            {
                lock (log) log.Add("prepare; checkpoint at " + (CheckpointCursor() ?? "none"));
                return "ok";
            }));
            var pages = new Queue<SyncPage>(new[] { Page("c1"), Page("c2"), Page("c3", records: 1, hasNext: false) });
            await session.RunAsync(_ => Task.FromResult(pages.Count > 0 ? pages.Dequeue() : null), new LoggingOutput(log), CancellationToken.None);

            Assert.Equal(new[]
            {
                "record c1-0", "record c1-1", "prepare; checkpoint at none",
                "record c2-0", "record c2-1", "prepare; checkpoint at c1",
                "record c3-0", "prepare; checkpoint at c2",
            }, log);
            Assert.Equal("c3", CheckpointCursor());
            Assert.Equal(3, session.PagesCommitted);
            Assert.True(session.CaughtUp);
        }

        [Fact]
        public void A_throwing_PrepareCommit_leaves_the_old_checkpoint_and_the_kept_cursor()
        {
            var store = new Store(new List<string>());
            using (var first = SyncSession.Open(Key(), Request(), _path, store))
            {
                first.Register(new Sink("export|a", () => "1"));
                first.Commit(Page("c1"));
            }
            var before = File.ReadAllBytes(_path);

            using var session = SyncSession.Open(Key(), Request(), _path, store);
            var fail = false;
            session.Register(new Sink("export|a", () => fail ? throw new IOException("disk full") : "2"));
            session.Commit(Page("c2"));
            var committed = File.ReadAllBytes(_path);
            fail = true;

            var e = Assert.Throws<IOException>(() => session.Commit(Page("c3")));
            Assert.Equal("disk full", e.Message);
            Assert.Equal(committed, File.ReadAllBytes(_path));
            Assert.NotEqual(before, committed);
            Assert.Equal("c2", CheckpointCursor());
            Assert.Equal("c2", store.KeptCursor(Key()));
            Assert.Equal("c2", session.LastCommittedCursor);
            Assert.Equal(1, session.PagesCommitted);
        }

        [Fact]
        public void Restore_gets_the_state_stored_with_the_start_cursor_and_null_for_a_new_sink()
        {
            using (var first = SyncSession.Open(Key(), Request(), _path, null))
            {
                first.Register(new Sink("export|a", () => "len=42"));
                first.Register(new Sink("export|b", () => "part-3"));
                first.Commit(Page("c1"));
            }

            using var session = SyncSession.Open(Key(), Request(), _path, null);
            Assert.Equal("c1", session.Request.Cursor);
            var a = new Sink("export|a", () => "x");
            var c = new Sink("export|c", () => "y");
            session.Register(a);
            session.Register(c);
            Assert.Equal(new string?[] { "len=42" }, a.Restored);
            Assert.Equal(new string?[] { null }, c.Restored);

            // Without a checkpoint file there is nothing to restore.
            using var plain = SyncSession.Open(Key(), Request(), null, null);
            var d = new Sink("export|a", () => "z");
            plain.Register(d);
            Assert.Equal(new string?[] { null }, d.Restored);
        }

        [Fact]
        public void Preview_keeps_no_cursor_and_names_the_kept_cursor_a_real_run_would_replace()
        {
            var store = new Store(new List<string>());
            store.Cursors[Key().Text] = "kept";
            using (var look = SyncSession.Open(Key(), Request(), _path, store))
            {
                Assert.Equal("kept", look.KeptCursorReplaced);
                look.Preview = true;
                look.Commit(Page("c1"));
                Assert.Equal(1, look.PagesCommitted);
            }
            Assert.Equal("kept", store.KeptCursor(Key()));
            Assert.False(File.Exists(_path));

            // Continuing from the kept cursor replaces nothing.
            using var next = SyncSession.Open(Key(), Request(initialize: null), null, store);
            Assert.Equal("kept", next.Request.Cursor);
            Assert.Null(next.KeptCursorReplaced);
        }

        [Fact]
        public void A_sink_joins_only_before_the_first_commit_and_only_once_per_key()
        {
            using var session = SyncSession.Open(Key(), Request(), null, null);
            session.Register(new Sink("export|a", () => "1"));
            Assert.Throws<InvalidOperationException>(() => session.Register(new Sink("export|a", () => "2")));
            session.Commit(Page("c1"));
            Assert.Throws<InvalidOperationException>(() => session.Register(new Sink("export|b", () => "3")));
        }

        [Fact]
        public void A_checkpoint_file_without_participants_still_reads()
        {
            File.WriteAllText(_path, "{\"kind\":\"CogniteRecords.SyncCheckpoint\",\"formatVersion\":1,\"project\":\"proj\",\"baseUrl\":\"https://example.invalid\"," +
                "\"stream\":\"s\",\"sources\":\"sp/c:*\",\"filter\":null,\"cursor\":\"old\",\"caughtUp\":false,\"recordsRead\":5,\"pagesRead\":1}");
            var read = CheckpointFile.Read(_path)!;
            Assert.Empty(read.Participants);
            using var session = SyncSession.Open(Key(), Request(), _path, null);
            var sink = new Sink("export|a", () => "7");
            session.Register(sink);
            Assert.Equal(new string?[] { null }, sink.Restored);
            session.Commit(Page("new"));
            Assert.Equal(7, CheckpointFile.Read(_path)!.RecordsRead);
        }

        [Fact]
        public void The_start_follows_the_documented_order()
        {
            var store = new Store(new List<string>());
            store.Cursors[Key().Text] = "kept";

            // An existing checkpoint file first; -InitializeCursor is then ignored, -Cursor refused.
            CheckpointFile.Write(_path, new SyncCheckpoint(Key(), "from-file"));
            using (var s = SyncSession.Open(Key(), Request(), _path, store)) Assert.Equal("from-file", s.Request.Cursor);
            var conflict = Assert.Throws<CheckpointException>(() => SyncSession.Open(Key(), Request(cursor: "given"), _path, store));
            Assert.Equal("CheckpointConflict", conflict.ErrorId);
            var mismatch = Assert.Throws<CheckpointException>(() => SyncSession.Open(Key("other"), new SyncRequest("other") { InitializeCursor = "1d-ago" }, _path, store));
            Assert.Equal("CheckpointKeyMismatch", mismatch.ErrorId);
            File.Delete(_path);

            // Then -Cursor, then -InitializeCursor, then the kept cursor (not with a checkpoint path).
            using (var s = SyncSession.Open(Key(), Request(cursor: "given"), null, store)) Assert.Equal("given", s.Request.Cursor);
            using (var s = SyncSession.Open(Key(), Request(), null, store)) { Assert.Null(s.Request.Cursor); Assert.StartsWith("-InitializeCursor", s.StartedFrom); }
            using (var s = SyncSession.Open(Key(), Request(initialize: null), null, store)) Assert.Equal("kept", s.Request.Cursor);
            var none = Assert.Throws<CdfArgumentException>(() => SyncSession.Open(Key(), Request(initialize: null), _path, store));
            Assert.Equal("NoCursor", none.ErrorId);
        }

        [Fact]
        public void The_start_kind_names_each_start_source_and_the_words_follow_it()
        {
            var store = new Store(new List<string>());
            store.Cursors[Key().Text] = "kept";

            CheckpointFile.Write(_path, new SyncCheckpoint(Key(), "from-file"));
            using (var s = SyncSession.Open(Key(), Request(), _path, store))
            {
                Assert.Equal(SyncStart.Checkpoint, s.StartKind);
                Assert.StartsWith($"the checkpoint file '{_path}' (written ", s.StartedFrom);
                Assert.EndsWith("; -InitializeCursor is used only when there is no checkpoint file", s.StartedFrom);
            }
            File.Delete(_path);

            using (var s = SyncSession.Open(Key(), Request(cursor: "given"), null, store))
            {
                Assert.Equal(SyncStart.Cursor, s.StartKind);
                Assert.Equal("the given -Cursor", s.StartedFrom);
                Assert.Equal("kept", s.KeptCursorReplaced);
            }
            using (var s = SyncSession.Open(Key(), Request(), null, store))
            {
                Assert.Equal(SyncStart.InitializeCursor, s.StartKind);
                Assert.Equal("-InitializeCursor '2d-ago'", s.StartedFrom);
            }
            using (var s = SyncSession.Open(Key(), Request(initialize: null), null, store))
            {
                Assert.Equal(SyncStart.KeptCursor, s.StartKind);
                Assert.Equal("the kept session cursor", s.StartedFrom);
                Assert.Null(s.KeptCursorReplaced);
            }
        }
    }
}
