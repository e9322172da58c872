using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Core.Tests
{
    /// <summary>Checkpoint files: format, atomic replacement, refusals.</summary>
    public sealed class CheckpointFileTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "cr-checkpoint-" + Guid.NewGuid().ToString("N"));

        public CheckpointFileTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private static SyncKey Key(string stream = "s", string? filter = "{\"equals\":{\"property\":[\"externalId\"],\"value\":\"a\"}}") =>
            new SyncKey("proj", "https://example.invalid", stream, "sp/c:*", filter);

        [Fact]
        public void Round_trips_every_field_and_writes_readable_indented_json()
        {
            var path = Path.Combine(_folder, "cp.json");
            var written = new SyncCheckpoint(Key(), "cursor-1")
            {
                CaughtUp = true, RecordsRead = 1234, PagesRead = 5, ModuleVersion = "1.2.3",
                WrittenAt = new DateTimeOffset(2024, 7, 10, 12, 0, 0, 123, TimeSpan.Zero),
            };
            CheckpointFile.Write(path, written);

            var text = File.ReadAllText(path);
            Assert.Contains("\n  \"cursor\": \"cursor-1\",", text.Replace("\r\n", "\n"));
            Assert.Contains("\"writtenAt\": \"2024-07-10T12:00:00.123Z\"", text);
            // The filter is kept as JSON, not as an escaped string.
            Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(text).RootElement.GetProperty("filter").ValueKind);

            var read = CheckpointFile.Read(path)!;
            Assert.Equal("cursor-1", read.Cursor);
            Assert.True(read.CaughtUp);
            Assert.Equal(1234, read.RecordsRead);
            Assert.Equal(5, read.PagesRead);
            Assert.Equal("1.2.3", read.ModuleVersion);
            Assert.Equal(written.WrittenAt, read.WrittenAt);
            Assert.Empty(read.Key.Differences(Key(), "run"));
            Assert.False(File.Exists(CheckpointFile.TempPathFor(path)));
        }

        [Fact]
        public void A_missing_file_reads_as_none()
        {
            Assert.Null(CheckpointFile.Read(Path.Combine(_folder, "none.json")));
        }

        [Fact]
        public void A_hand_indented_filter_still_matches_the_canonical_one()
        {
            var path = Path.Combine(_folder, "cp.json");
            CheckpointFile.Write(path, new SyncCheckpoint(Key(), "c"));
            var text = File.ReadAllText(path).Replace("{\"equals\":{", "{ \"equals\" : {\n  ");
            File.WriteAllText(path, text);
            Assert.Empty(CheckpointFile.Read(path)!.Key.Differences(Key(), "run"));
        }

        [Fact]
        public void Differences_name_each_part_that_differs_and_only_those()
        {
            var diff = Key("a").Differences(Key("b", null), "this sync");
            Assert.Equal(2, diff.Count);
            Assert.Equal("stream 'a' (this sync: 'b')", diff[0]);
            Assert.StartsWith("filter '{", diff[1]);
            Assert.EndsWith("(this sync: none)", diff[1]);
        }

        [Theory]
        [InlineData("", "not valid JSON")]
        [InlineData("[]", "JSON object")]
        [InlineData("{\"kind\":\"x\",\"formatVersion\":1}", "\"kind\"")]
        [InlineData("{\"kind\":\"CogniteRecords.SyncCheckpoint\"}", "formatVersion")]
        [InlineData("{\"kind\":\"CogniteRecords.SyncCheckpoint\",\"formatVersion\":2}", "newer")]
        [InlineData("{\"kind\":\"CogniteRecords.SyncCheckpoint\",\"formatVersion\":1,\"project\":\"p\",\"baseUrl\":\"u\",\"stream\":\"s\"}", "\"cursor\"")]
        [InlineData("{\"kind\":\"CogniteRecords.SyncCheckpoint\",\"formatVersion\":1,\"project\":\"p\",\"baseUrl\":\"u\",\"stream\":\"s\",\"cursor\":\"c\",\"filter\":\"text\"}", "\"filter\"")]
        public void A_file_that_is_not_a_usable_checkpoint_is_refused(string content, string why)
        {
            var path = Path.Combine(_folder, "bad.json");
            File.WriteAllText(path, content);
            var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Read(path));
            Assert.Equal("CheckpointInvalid", e.ErrorId);
            Assert.Contains(path, e.Message);
            if (why != "not valid JSON") Assert.Contains(why, e.Message);
        }

        [Fact]
        public void A_failed_write_leaves_the_old_checkpoint_whole()
        {
            var path = Path.Combine(_folder, "cp.json");
            CheckpointFile.Write(path, new SyncCheckpoint(Key(), "old"));
            // A folder where the temporary file would go makes the write fail before the rename.
            Directory.CreateDirectory(CheckpointFile.TempPathFor(path));
            var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Write(path, new SyncCheckpoint(Key(), "new")));
            Assert.Equal("CheckpointWriteFailed", e.ErrorId);
            Assert.Equal("old", CheckpointFile.Read(path)!.Cursor);
        }

        [Fact]
        public void Writable_checks_refuse_a_missing_folder_and_a_folder_path()
        {
            Assert.Equal("CheckpointPathInvalid", Assert.Throws<CheckpointException>(() => CheckpointFile.CheckWritable(Path.Combine(_folder, "no", "cp.json"))).ErrorId);
            Assert.Equal("CheckpointPathInvalid", Assert.Throws<CheckpointException>(() => CheckpointFile.CheckWritable(_folder)).ErrorId);
            CheckpointFile.CheckWritable(Path.Combine(_folder, "ok.json"));
            Assert.Empty(Directory.GetFiles(_folder));
        }

        [Fact]
        public void A_checkpoint_is_locked_by_one_sync_at_a_time()
        {
            var path = Path.Combine(_folder, "cp.json");
            using (CheckpointFile.Lock(path))
            {
                var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Lock(path));
                Assert.Equal("CheckpointInUse", e.ErrorId);
                Assert.Contains(path, e.Message);
            }
            CheckpointFile.Lock(path).Dispose();
        }

        [Fact]
        public void Many_replacements_always_leave_a_whole_file_for_a_reader()
        {
            // A reader racing the writer sees the old or the new checkpoint, never a torn or empty one.
            var path = Path.Combine(_folder, "cp.json");
            CheckpointFile.Write(path, new SyncCheckpoint(Key(), "c0"));
            using var stop = new CancellationTokenSource();
            var failures = new List<string>();
            var reader = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try { Assert.StartsWith("c", CheckpointFile.Read(path)!.Cursor); }
                    catch (Exception e) { lock (failures) failures.Add(e.Message); }
                }
            });
            for (var i = 1; i <= 200; i++) CheckpointFile.Write(path, new SyncCheckpoint(Key(), "c" + i) { RecordsRead = i });
            stop.Cancel();
            reader.Wait();
            Assert.Empty(failures);
            Assert.Equal(200, CheckpointFile.Read(path)!.RecordsRead);
        }
    }
}
