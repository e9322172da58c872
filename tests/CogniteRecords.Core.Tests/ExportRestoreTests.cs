using System;
using System.IO;
using System.Linq;
using System.Text;
using CogniteRecords.Core.Export;

namespace CogniteRecords.Core.Tests
{
    /// <summary>An export brought back to the state a sync checkpoint committed, before anything is written.</summary>
    public sealed class ExportRestoreTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "cr-export-restore-" + Guid.NewGuid().ToString("N"));

        public ExportRestoreTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private string Checkpoint => Path.Combine(_folder, "c.json");

        private string File(string name, string content)
        {
            var path = Path.Combine(_folder, name);
            System.IO.File.WriteAllText(path, content, new UTF8Encoding(false));
            return path;
        }

        [Fact]
        public void Cuts_a_file_back_to_its_committed_length_and_keeps_that_state()
        {
            var path = File("f.csv", "h\r\nrow1\r\nrow2\r\nhalf a r");
            var restored = ExportRestore.Apply(ExportFormat.Csv, path, "{\"length\":9}", append: true, Checkpoint);
            Assert.Equal("h\r\nrow1\r\n", System.IO.File.ReadAllText(path));
            Assert.Equal(14, restored.CutBack);
            Assert.Equal("{\"length\":9}", restored.BaseState);
            Assert.Equal("{\"length\":9}", restored.CommittedState);
        }

        [Fact]
        public void Without_a_state_keeps_an_appended_file_and_counts_an_output_written_anew_as_empty()
        {
            var path = File("f.jsonl", "{\"a\":1}\n");
            var appended = ExportRestore.Apply(ExportFormat.JsonLines, path, null, append: true, Checkpoint);
            Assert.Equal("{\"length\":8}", appended.BaseState);
            Assert.Null(appended.CommittedState);
            var anew = ExportRestore.Apply(ExportFormat.JsonLines, path, "", append: false, Checkpoint);
            Assert.Equal("{\"length\":0}", anew.BaseState);
            // Nothing is changed until the writer opens.
            Assert.Equal("{\"a\":1}\n", System.IO.File.ReadAllText(path));
        }

        [Fact]
        public void A_run_killed_before_its_first_commit_is_cut_back_to_where_it_started()
        {
            var path = File("f.csv", "h\r\nold\r\n");
            var first = ExportRestore.Apply(ExportFormat.Csv, path, null, append: true, Checkpoint);
            Assert.Equal(path + ".export-base", first.BaseFile);
            Assert.Equal("{\"length\":8}", System.IO.File.ReadAllText(first.BaseFile!));
            // Killed after writing rows, before the first commit: no state in the checkpoint, the note is there.
            System.IO.File.AppendAllText(path, "new\r\nhalf");
            var second = ExportRestore.Apply(ExportFormat.Csv, path, null, append: true, Checkpoint);
            Assert.Equal("h\r\nold\r\n", System.IO.File.ReadAllText(path));
            Assert.Equal(9, second.CutBack);
            Assert.Equal("{\"length\":8}", second.BaseState);
            second.ForgetBase();
            Assert.False(System.IO.File.Exists(path + ".export-base"));
            // Once a state is committed, the note is not used (and removed).
            System.IO.File.WriteAllText(path + ".export-base", "{\"length\":0}");
            ExportRestore.Apply(ExportFormat.Csv, path, "{\"length\":8}", append: true, Checkpoint);
            Assert.Equal("h\r\nold\r\n", System.IO.File.ReadAllText(path));
            Assert.False(System.IO.File.Exists(path + ".export-base"));
        }

        [Fact]
        public void Refuses_to_write_anew_an_output_holding_committed_records_and_changes_nothing()
        {
            var path = File("f.csv", "h\r\nrow1\r\nextra");
            var e = Assert.Throws<ExportException>(() => ExportRestore.Apply(ExportFormat.Csv, path, "{\"length\":9}", append: false, Checkpoint));
            Assert.Equal("ExportAppendRequired", e.ErrorId);
            Assert.Contains(Checkpoint, e.Message);
            Assert.Contains("-Append", e.Message);
            Assert.Equal("h\r\nrow1\r\nextra", System.IO.File.ReadAllText(path));
            // Nothing committed yet: writing anew loses nothing.
            Assert.Equal("{\"length\":0}", ExportRestore.Apply(ExportFormat.Csv, path, "{\"length\":0}", append: false, Checkpoint).BaseState);
        }

        [Fact]
        public void Refuses_a_shorter_or_missing_file_naming_it_and_changes_nothing()
        {
            var path = File("f.csv", "h\r\n");
            var shorter = Assert.Throws<ExportException>(() => ExportRestore.Apply(ExportFormat.Csv, path, "{\"length\":9}", append: true, Checkpoint));
            Assert.Equal("ExportFileShorter", shorter.ErrorId);
            Assert.Contains(path, shorter.Message);
            Assert.Equal("h\r\n", System.IO.File.ReadAllText(path));
            var missing = Assert.Throws<ExportException>(() => ExportRestore.Apply(ExportFormat.Csv, Path.Combine(_folder, "gone.csv"), "{\"length\":9}", append: true, Checkpoint));
            Assert.Equal("ExportFileMissing", missing.ErrorId);
            Assert.False(System.IO.File.Exists(Path.Combine(_folder, "gone.csv")));
            var wrongFormat = Assert.Throws<ExportException>(() => ExportRestore.Apply(ExportFormat.Csv, path, "{\"lastPart\":2}", append: true, Checkpoint));
            Assert.Equal("ExportStateInvalid", wrongFormat.ErrorId);
        }

        [Fact]
        public void Removes_parts_after_the_committed_one_and_temporary_parts()
        {
            var parts = Path.Combine(_folder, "f.parquet");
            Directory.CreateDirectory(parts);
            foreach (var name in new[] { "part-00001.parquet", "part-00002.parquet", "part-00003.parquet", ".part-00004.parquet.tmp", "notes.txt" })
                System.IO.File.WriteAllText(Path.Combine(parts, name), "x");
            var restored = ExportRestore.Apply(ExportFormat.Parquet, parts, "{\"lastPart\":2}", append: true, Checkpoint);
            Assert.Equal(new[] { "notes.txt", "part-00001.parquet", "part-00002.parquet" },
                Directory.EnumerateFiles(parts).Select(p => Path.GetFileName(p)!).OrderBy(n => n, StringComparer.Ordinal).ToArray());
            Assert.Equal(2, restored.CutBack);
            Assert.Equal("{\"lastPart\":2}", restored.BaseState);

            var missing = Assert.Throws<ExportException>(() => ExportRestore.Apply(ExportFormat.Parquet, parts, "{\"lastPart\":5}", append: true, Checkpoint));
            Assert.Equal("ExportFileMissing", missing.ErrorId);
            Assert.Equal("{\"lastPart\":2}", ExportRestore.Apply(ExportFormat.Parquet, parts, null, append: true, Checkpoint).BaseState);
            Assert.Equal("ExportAppendRequired", Assert.Throws<ExportException>(() => ExportRestore.Apply(ExportFormat.Parquet, parts, "{\"lastPart\":2}", append: false, Checkpoint)).ErrorId);
        }
    }
}
