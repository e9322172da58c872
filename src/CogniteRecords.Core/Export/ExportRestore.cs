using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CogniteRecords.Core.Export
{
    /// <summary>
    /// An export downstream of a sync with a checkpoint file, brought back to the state the checkpoint committed before
    /// anything is written (<see cref="Apply"/>): a CSV or JSON Lines file cut back to its committed length, a Parquet
    /// folder without the parts after the last committed one and without temporary parts. What a crashed run wrote after
    /// its last commit belongs to pages whose cursor was never committed, and the sync reads those pages again.
    /// </summary>
    public sealed class ExportRestore
    {
        private static readonly Regex PartName = new Regex(@"^part-(\d{5,})\.parquet$", RegexOptions.CultureInvariant);

        private ExportRestore(string baseState, string? committedState, long cutBack)
        {
            BaseState = baseState;
            CommittedState = committedState;
            CutBack = cutBack;
        }

        /// <summary>
        /// The note of where the output started (its length, or its last part) while no state of it is committed yet:
        /// written, flushed to the disk, before anything of a run without a committed state is written, so that a run
        /// killed before its first commit is cut back to it too; delete it (<see cref="ForgetBase"/>) once a commit
        /// with this output's state is on the disk. Null when the checkpoint had a state.
        /// </summary>
        public string? BaseFile { get; private set; }

        /// <summary>The note's path: beside a file (<c>f.csv.export-base</c>), inside a Parquet folder (<c>.export-base</c>).</summary>
        public static string BasePath(ExportFormat format, string path) =>
            format == ExportFormat.Parquet ? Path.Combine(path, ".export-base") : path + ".export-base";

        /// <summary>Deletes the note once it is no longer needed; no harm when it is gone.</summary>
        public void ForgetBase()
        {
            if (BaseFile == null) return;
            try
            {
                File.Delete(BaseFile);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Left behind it does no harm: the next run's committed state wins over it.
            }
            BaseFile = null;
        }

        /// <summary>
        /// The state to commit while this run has written nothing yet: the checkpoint's own, or, without one, what the
        /// output holds that this run keeps (an appended file's length, or its last part; 0 for an output written anew).
        /// </summary>
        public string BaseState { get; }

        /// <summary>The checkpoint's state for the writer to open with (<see cref="ExportFileOptions.CommittedState"/>); null when there was none.</summary>
        public string? CommittedState { get; }

        /// <summary>Bytes of rows (or parts) removed: what a crashed run wrote after its last commit.</summary>
        public long CutBack { get; }

        /// <summary>Whether a state says nothing was committed (null, empty: a page committed before this output took part).</summary>
        public static bool IsEmpty(string? state) => string.IsNullOrEmpty(state);

        /// <summary>
        /// Brings the output at <paramref name="path"/> back to <paramref name="state"/> (the state kept for it with the
        /// checkpoint's cursor; null when there is none). Fails, changing nothing, when that state cannot be restored:
        /// the output is missing or shorter than committed (changed since), or the call would write it anew although
        /// committed records are in it (not <paramref name="append"/>).
        /// </summary>
        /// <param name="checkpointPath">The checkpoint file, for messages.</param>
        public static ExportRestore Apply(ExportFormat format, string path, string? state, bool append, string checkpointPath)
        {
            try
            {
                var note = BasePath(format, path);
                if (!IsEmpty(state))
                {
                    var committed = ApplyState(format, path, state, append, checkpointPath);
                    if (File.Exists(note)) File.Delete(note);
                    return committed;
                }
                ExportRestore restored;
                if (File.Exists(note))
                {
                    // A run that noted where the output started was killed before its first commit: back to that start.
                    var noted = ApplyState(format, path, File.ReadAllText(note).Trim(), true, checkpointPath);
                    restored = append ? new ExportRestore(noted.BaseState, noted.BaseState, noted.CutBack)
                        : new ExportRestore(format == ExportFormat.Parquet ? PartState(0) : LengthState(0), null, noted.CutBack);
                }
                else
                {
                    restored = ApplyState(format, path, null, append, checkpointPath);
                }
                WriteNote(note, restored.BaseState);
                restored.BaseFile = note;
                return restored;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new ExportException("ExportFileUnwritable", $"'{path}' cannot be brought back to the state the sync checkpoint '{checkpointPath}' committed: {e.Message}", e);
            }
        }

        private static ExportRestore ApplyState(ExportFormat format, string path, string? state, bool append, string checkpointPath) =>
            format == ExportFormat.Parquet ? ApplyParts(path, state, append, checkpointPath) : ApplyFile(path, state, append, checkpointPath);

        private static void WriteNote(string note, string state)
        {
            var folder = Path.GetDirectoryName(note);
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            using var file = new FileStream(note, FileMode.Create, FileAccess.Write, FileShare.None);
            var bytes = System.Text.Encoding.UTF8.GetBytes(state);
            file.Write(bytes, 0, bytes.Length);
            file.Flush(true);
        }

        private static ExportRestore ApplyFile(string path, string? state, bool append, string checkpointPath)
        {
            var exists = File.Exists(path);
            if (IsEmpty(state))
            {
                var kept = append && exists ? new FileInfo(path).Length : 0;
                return new ExportRestore(LengthState(kept), null, 0);
            }
            var committed = FileRecordWriter.CommittedLength(state, path)!.Value;
            if (committed > 0 && !append) throw NotAppending(path, checkpointPath, $"its first {committed:N0} bytes");
            if (!exists)
            {
                if (committed == 0) return new ExportRestore(LengthState(0), state, 0);
                throw new ExportException("ExportFileMissing",
                    $"The sync checkpoint '{checkpointPath}' says the file '{path}' holds {committed:N0} bytes of records whose cursor was committed, but the file is missing. " +
                    "Nothing was written. Restore the file, or delete the checkpoint file to start the sync over.");
            }
            long cut;
            using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read))
            {
                if (file.Length < committed)
                {
                    throw new ExportException("ExportFileShorter",
                        $"The file '{path}' has {file.Length:N0} bytes, fewer than the {committed:N0} the sync checkpoint '{checkpointPath}' says were committed: it was changed " +
                        "since. Nothing was written. Restore the file, or delete the checkpoint file to start the sync over.");
                }
                cut = file.Length - committed;
                if (cut > 0)
                {
                    file.SetLength(committed);
                    file.Flush(true);
                }
            }
            return new ExportRestore(LengthState(committed), state, cut);
        }

        private static ExportRestore ApplyParts(string folder, string? state, bool append, string checkpointPath)
        {
            var exists = Directory.Exists(folder);
            var parts = exists
                ? Directory.EnumerateFiles(folder, "part-*.parquet")
                    .Select(p => (Match: PartName.Match(Path.GetFileName(p)), Path: p))
                    .Where(p => p.Match.Success)
                    .Select(p => (Number: int.Parse(p.Match.Groups[1].Value, CultureInfo.InvariantCulture), p.Path))
                    .OrderBy(p => p.Number)
                    .ToList()
                : new System.Collections.Generic.List<(int Number, string Path)>();
            if (IsEmpty(state))
            {
                var kept = append && parts.Count > 0 ? parts[parts.Count - 1].Number : 0;
                return new ExportRestore(PartState(kept), null, 0);
            }
            var last = CommittedPart(state!, folder);
            if (last > 0 && !append) throw NotAppending(folder, checkpointPath, $"its parts up to part-{last:D5}.parquet");
            if (last > 0 && !parts.Any(p => p.Number == last))
            {
                throw new ExportException("ExportFileMissing",
                    $"The sync checkpoint '{checkpointPath}' says the folder '{folder}' holds committed records up to part-{last:D5}.parquet, but that part is missing. " +
                    "Nothing was written. Restore the part, or delete the checkpoint file to start the sync over.");
            }
            long cut = 0;
            if (exists)
            {
                // Temporary parts were never whole; parts after the committed one hold pages whose cursor was never committed.
                foreach (var tmp in Directory.EnumerateFiles(folder, ".part-*.parquet.tmp"))
                {
                    cut += new FileInfo(tmp).Length;
                    File.Delete(tmp);
                }
                foreach (var (_, path) in parts.Where(p => p.Number > last))
                {
                    cut += new FileInfo(path).Length;
                    File.Delete(path);
                }
            }
            return new ExportRestore(PartState(last), state, cut);
        }

        private static ExportException NotAppending(string path, string checkpointPath, string what) =>
            new ExportException("ExportAppendRequired",
                $"The sync checkpoint '{checkpointPath}' continues after the records that '{path}' already holds ({what}, from committed pages), " +
                "so writing it anew would lose them. Nothing was written. Add -Append to continue it, or, to start over, delete the checkpoint file " +
                "(and the output) and run again.");

        /// <summary>{"length":N}: a CSV or JSON Lines file's committed length.</summary>
        public static string LengthState(long length) => "{\"length\":" + length.ToString(CultureInfo.InvariantCulture) + "}";

        /// <summary>{"lastPart":N}: the last finished part of a Parquet folder (0: none).</summary>
        public static string PartState(int lastPart) => "{\"lastPart\":" + lastPart.ToString(CultureInfo.InvariantCulture) + "}";

        private static int CommittedPart(string state, string folder)
        {
            try
            {
                using var doc = JsonDocument.Parse(state);
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("lastPart", out var last) &&
                    last.TryGetInt32(out var n) && n >= 0)
                {
                    return n;
                }
            }
            catch (JsonException)
            {
            }
            throw new ExportException("ExportStateInvalid",
                $"The sync checkpoint's state for the folder '{folder}' is not a part number ({state}): it was written for another format. Delete the checkpoint file to start over.");
        }
    }
}
