using System;
using System.IO;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Core.Tests
{
    /// <summary>Issue 18, case 8: what a checkpoint folder or file may hold or lack, and who may read it.</summary>
    public sealed class CheckpointHardeningTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "cr-cp-hard-" + Guid.NewGuid().ToString("N"));

        public CheckpointHardeningTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private static SyncCheckpoint Checkpoint(string cursor = "cursor-1") =>
            new SyncCheckpoint(new SyncKey("proj", "https://example.invalid", "s", "", null), cursor);

        [Fact]
        public void A_checkpoint_with_a_byte_order_mark_is_read()
        {
            var path = Path.Combine(_folder, "bom.json");
            var bytes = CheckpointFile.Serialize(Checkpoint("after-bom"));
            File.WriteAllBytes(path, new byte[] { 0xEF, 0xBB, 0xBF }.Concat(bytes));
            Assert.Equal("after-bom", CheckpointFile.Read(path)!.Cursor);
        }

        [Fact]
        public void A_checkpoint_with_an_oversized_cursor_is_refused_naming_the_file()
        {
            var path = Path.Combine(_folder, "big.json");
            File.WriteAllBytes(path, CheckpointFile.Serialize(Checkpoint(new string('c', SyncRequest.MaxCursorLength + 1))));
            var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Read(path));
            Assert.Equal("CheckpointInvalid", e.ErrorId);
            Assert.Contains(path, e.Message);
            Assert.Contains("100,001 characters", e.Message);
        }

        [Fact]
        public void A_huge_file_is_refused_without_being_read()
        {
            var path = Path.Combine(_folder, "huge.json");
            using (var f = new FileStream(path, FileMode.Create)) f.SetLength(CheckpointFile.MaxFileBytes + 1L);
            var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Read(path));
            Assert.Equal("CheckpointInvalid", e.ErrorId);
            Assert.Contains(path, e.Message);
        }

        [Fact]
        public void A_folder_that_takes_no_files_is_CheckpointPathNotWritable_naming_it_not_CheckpointInUse()
        {
            // /sys refuses new files even to root (tests here run as root, so a chmod would not do).
            var folder = OperatingSystem.IsLinux() ? "/sys" : _folder;
            if (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            var path = Path.Combine(folder, "cp.json");
            if (OperatingSystem.IsWindows()) return;   // no folder here that refuses files to the test's user
            var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Lock(path));
            Assert.Equal("CheckpointPathNotWritable", e.ErrorId);
            Assert.Contains($"'{folder}'", e.Message);
        }

        [Fact]
        public void The_checkpoint_and_its_lock_are_readable_by_the_owner_only()
        {
            if (OperatingSystem.IsWindows()) return;   // Windows: the folder's access rules apply
            var path = Path.Combine(_folder, "cp.json");
            using (CheckpointFile.Lock(path))
            {
                CheckpointFile.Write(path, Checkpoint());
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CheckpointFile.LockPathFor(path)));
            }
        }
    }
}
