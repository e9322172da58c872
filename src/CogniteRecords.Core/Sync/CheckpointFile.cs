using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace CogniteRecords.Core.Sync
{
    /// <summary>
    /// Reads and writes checkpoint files: small indented JSON, written atomically (a temporary file in the same
    /// folder, flushed to disk, then renamed over the old one), so that a crash at any moment leaves either the
    /// old checkpoint or the new one, never a torn file. Nothing secret goes in: no token, no connection secret.
    /// </summary>
    public static class CheckpointFile
    {
        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions { Indented = true };

        /// <summary>The temporary file a write goes through (beside the checkpoint, so the rename stays on one volume).</summary>
        public static string TempPathFor(string path) => path + ".tmp";

        /// <summary>The checkpoint in <paramref name="path"/>, or null when there is no such file.</summary>
        /// <exception cref="CheckpointException">The file exists but cannot be read or is not a checkpoint this module can use.</exception>
        public static SyncCheckpoint? Read(string path)
        {
            byte[] bytes;
            try
            {
                if (!File.Exists(path)) return null;
                // A checkpoint is a few hundred bytes; a huge file is not one, and is not read whole.
                if (new FileInfo(path).Length > MaxFileBytes)
                    throw new CheckpointException("CheckpointInvalid",
                        $"The file '{path}' is not a usable sync checkpoint: it is larger than {MaxFileBytes:N0} bytes. It was not used; move or delete it, or give another -CheckpointPath.");
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CheckpointException("CheckpointUnreadable", $"The checkpoint file '{path}' cannot be read: {e.Message}", e);
            }
            try
            {
                return Parse(bytes);
            }
            catch (Exception e) when (e is JsonException || e is FormatException || e is InvalidOperationException)
            {
                throw new CheckpointException("CheckpointInvalid",
                    $"The file '{path}' is not a usable sync checkpoint: {e.Message} It was not used; move or delete it, or give another -CheckpointPath.", e);
            }
        }

        /// <summary>The largest checkpoint file read: room for the longest cursor and filter, far below anything harmful.</summary>
        public const int MaxFileBytes = 4 * 1024 * 1024;

        private static SyncCheckpoint Parse(byte[] bytes)
        {
            // Some editors save UTF-8 with a byte-order mark, which the JSON reader does not take.
            var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            using var doc = JsonDocument.Parse(new ReadOnlyMemory<byte>(bytes, start, bytes.Length - start));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("It does not hold a JSON object.");
            if (!root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String || kind.GetString() != SyncCheckpoint.KindName)
                throw new FormatException($"Its \"kind\" is not \"{SyncCheckpoint.KindName}\".");
            var version = root.TryGetProperty("formatVersion", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var vi) ? vi
                : throw new FormatException("It has no formatVersion.");
            if (version < 1 || version > SyncCheckpoint.CurrentFormatVersion)
                throw new FormatException($"Its format version {version} is not one this module reads (up to {SyncCheckpoint.CurrentFormatVersion}): it was written by a newer CogniteRecords.");

            string Text(string name, bool required = true)
            {
                if (root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String) return p.GetString()!;
                if (!required && (!root.TryGetProperty(name, out p) || p.ValueKind == JsonValueKind.Null)) return null!;
                throw new FormatException($"Its \"{name}\" is missing or not a string.");
            }
            long Number(string name) =>
                root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt64(out var n) ? n : 0;
            // An optional time (UTC), or null when missing or not one.
            DateTimeOffset? Time(string name) =>
                Text(name, required: false) is string text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                    ? at.ToUniversalTime() : (DateTimeOffset?)null;

            string? filter = null;
            if (root.TryGetProperty("filter", out var f) && f.ValueKind != JsonValueKind.Null)
            {
                if (f.ValueKind != JsonValueKind.Object) throw new FormatException("Its \"filter\" is not a JSON object or null.");
                filter = Compact(f);
            }
            var key = new SyncKey(Text("project"), Text("baseUrl"), Text("stream"), Text("sources", required: false) ?? "", filter);
            var cursor = Text("cursor");
            if (cursor.Length == 0) throw new FormatException("Its cursor is empty.");
            if (!SyncRequest.IsValidCursor(cursor))
                throw new FormatException($"Its cursor is {cursor.Length:N0} characters long; a cursor has at most {SyncRequest.MaxCursorLength:N0}.");
            var checkpoint = new SyncCheckpoint(key, cursor)
            {
                FormatVersion = version,
                CaughtUp = root.TryGetProperty("caughtUp", out var c) && c.ValueKind == JsonValueKind.True,
                RecordsRead = Number("recordsRead"),
                PagesRead = Number("pagesRead"),
                ModuleVersion = Text("moduleVersion", required: false),
            };
            if (root.TryGetProperty("participants", out var parts) && parts.ValueKind != JsonValueKind.Null)
            {
                if (parts.ValueKind != JsonValueKind.Object) throw new FormatException("Its \"participants\" is not a JSON object.");
                var states = new System.Collections.Generic.Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var part in parts.EnumerateObject())
                {
                    if (part.Value.ValueKind != JsonValueKind.String) throw new FormatException($"Its participant \"{part.Name}\" has a state that is not a string.");
                    states[part.Name] = part.Value.GetString()!;
                }
                checkpoint.Participants = states;
            }
            if (Time("writtenAt") is DateTimeOffset written) checkpoint.WrittenAt = written;
            // Added later in format 1: older files have none (the sync then goes by writtenAt).
            checkpoint.CursorUsedAt = Time("cursorUsedAt");
            return checkpoint;
        }

        /// <summary>Canonical compact JSON of a filter (so a hand-indented file still matches the run's filter).</summary>
        public static string Compact(JsonElement element)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer)) element.WriteTo(writer);
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        /// <summary>Compact form of filter JSON text (the run's canonical filter), or null.</summary>
        public static string? CompactFilter(string? json)
        {
            if (string.IsNullOrEmpty(json)) return null;
            using var doc = JsonDocument.Parse(json!);
            return Compact(doc.RootElement);
        }

        /// <summary>A time as the file writes it: UTC, to the millisecond.</summary>
        private static string Stamp(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

        /// <summary>The file's bytes: indented JSON, key first, then the cursor and the bookkeeping.</summary>
        public static byte[] Serialize(SyncCheckpoint checkpoint)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, WriterOptions))
            {
                var key = checkpoint.Key;
                w.WriteStartObject();
                w.WriteString("kind", SyncCheckpoint.KindName);
                w.WriteNumber("formatVersion", SyncCheckpoint.CurrentFormatVersion);
                w.WriteString("project", key.Project);
                w.WriteString("baseUrl", key.BaseUrl);
                w.WriteString("stream", key.Stream);
                w.WriteString("sources", key.Sources);
                w.WritePropertyName("filter");
                if (key.Filter == null) w.WriteNullValue();
                else
                {
                    using var doc = JsonDocument.Parse(key.Filter);
                    doc.RootElement.WriteTo(w);
                }
                w.WriteString("cursor", checkpoint.Cursor);
                w.WriteBoolean("caughtUp", checkpoint.CaughtUp);
                w.WriteNumber("recordsRead", checkpoint.RecordsRead);
                w.WriteNumber("pagesRead", checkpoint.PagesRead);
                w.WriteString("writtenAt", Stamp(checkpoint.WrittenAt));
                if (checkpoint.CursorUsedAt is DateTimeOffset usedAt) w.WriteString("cursorUsedAt", Stamp(usedAt));
                if (checkpoint.ModuleVersion != null) w.WriteString("moduleVersion", checkpoint.ModuleVersion);
                if (checkpoint.Participants.Count > 0)
                {
                    w.WriteStartObject("participants");
                    foreach (var part in checkpoint.Participants) w.WriteString(part.Key, part.Value);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            buffer.WriteByte((byte)'\n');
            return buffer.ToArray();
        }

        /// <summary>
        /// Writes the checkpoint atomically: to <see cref="TempPathFor"/>, flushed through to the disk, then renamed
        /// over <paramref name="path"/> (an atomic replace on the same volume).
        /// </summary>
        /// <exception cref="CheckpointException">CheckpointWriteFailed.</exception>
        public static void Write(string path, SyncCheckpoint checkpoint)
        {
            var bytes = Serialize(checkpoint);
            var temp = TempPathFor(path);
            try
            {
                using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
                {
                    OwnerOnly(temp);
                    stream.Write(bytes, 0, bytes.Length);
                    // Flush(true) asks the OS to put the data on the disk (fsync), so the rename never exposes an empty file.
                    stream.Flush(flushToDisk: true);
                }
                Replace(temp, path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                TryDelete(temp);
                throw new CheckpointException("CheckpointWriteFailed", $"The checkpoint file '{path}' could not be written: {e.Message}", e);
            }
        }

        /// <summary>The lock file beside a checkpoint, held while a sync uses it.</summary>
        public static string LockPathFor(string path) => path + ".lock";

        /// <summary>
        /// Takes the checkpoint's lock (an exclusive open of <see cref="LockPathFor"/>), so that two syncs never share one
        /// checkpoint (a scheduler starting a run while the last still runs). The operating system drops the lock when the
        /// process ends, however it ends; the small lock file stays. Dispose the result to let go.
        /// </summary>
        /// <exception cref="CheckpointException">CheckpointInUse, or CheckpointPathInvalid when the lock file cannot be made.</exception>
        public static IDisposable Lock(string path)
        {
            var lockPath = LockPathFor(path);
            // First whether the folder takes files at all: a lock file left in a folder that became read-only cannot be
            // opened for writing either, which must not read as "in use by another sync".
            CheckFolderWritable(path);
            try
            {
                var held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                OwnerOnly(lockPath);
                return held;
            }
            catch (IOException e) when (File.Exists(lockPath))
            {
                throw new CheckpointException("CheckpointInUse",
                    $"The checkpoint file '{path}' is in use by another sync (it holds '{lockPath}'). Two syncs must not share a checkpoint: wait for the other to end, or give this one its own -CheckpointPath.", e);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CheckpointException("CheckpointPathInvalid", $"The lock file '{lockPath}' of the checkpoint cannot be made: {e.Message}", e);
            }
        }

        /// <summary>Checks that the checkpoint's folder exists and that the path is not a folder.</summary>
        /// <exception cref="CheckpointException">CheckpointPathInvalid.</exception>
        public static void CheckFolder(string path)
        {
            var folder = Path.GetDirectoryName(path);
            if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
                throw new CheckpointException("CheckpointPathInvalid", $"The folder of the checkpoint file '{path}' does not exist: create it first.");
            if (Directory.Exists(path))
                throw new CheckpointException("CheckpointPathInvalid", $"The checkpoint path '{path}' is a folder: give a file path, e.g. '{Path.Combine(path, "sync.checkpoint.json")}'.");
        }

        /// <summary>
        /// Whether the checkpoint's folder takes new files, probed with a file of its own name (never another sync's).
        /// </summary>
        /// <exception cref="CheckpointException">CheckpointPathNotWritable, naming the folder.</exception>
        public static void CheckFolderWritable(string path)
        {
            var folder = Path.GetDirectoryName(path)!;
            var probe = path + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".probe";
            try
            {
                using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None)) { }
                File.Delete(probe);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CheckpointException("CheckpointPathNotWritable",
                    $"The folder '{folder}' of the checkpoint file cannot be written ({e.Message}): the checkpoint and its lock file go there. Make the folder writable, or give a -CheckpointPath in a writable folder.", e);
            }
        }

        /// <summary>
        /// Makes a file readable and writable by its owner only (0600) where the system has Unix file modes: a checkpoint
        /// names the project, stream and filter. On Windows the folder's access rules apply. Uses File.SetUnixFileMode when
        /// the runtime has it (.NET 7+; this assembly targets netstandard2.0), so nothing happens on .NET Framework.
        /// </summary>
        internal static void OwnerOnly(string file)
        {
            if (SetUnixFileMode == null) return;
            try
            {
                SetUnixFileMode.Invoke(null, new[] { file, OwnerReadWrite });
            }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException is IOException || e.InnerException is UnauthorizedAccessException)
            {
                // A file system without modes (a mounted share): its own rules apply.
            }
        }

        private static readonly Type? UnixFileModeType = typeof(File).Assembly.GetType("System.IO.UnixFileMode") ?? typeof(FileStream).Assembly.GetType("System.IO.UnixFileMode");
        private static readonly object? OwnerReadWrite = UnixFileModeType == null ? null : Enum.ToObject(UnixFileModeType, 0x180); // UserRead | UserWrite
        private static readonly System.Reflection.MethodInfo? SetUnixFileMode =
            UnixFileModeType == null || System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows) ? null
            : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), UnixFileModeType });

        /// <summary>Checks before any request that the checkpoint's folder exists and takes files (by writing the temporary file once).</summary>
        /// <exception cref="CheckpointException">CheckpointPathInvalid.</exception>
        /// <remarks>Call it while holding <see cref="Lock"/>: the probe would otherwise clobber another sync's temporary file.</remarks>
        public static void CheckWritable(string path)
        {
            CheckFolder(path);
            var temp = TempPathFor(path);
            try
            {
                using (new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None)) { }
                File.Delete(temp);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CheckpointException("CheckpointPathNotWritable", $"The checkpoint file '{path}' cannot be written in its folder '{Path.GetDirectoryName(path)}': {e.Message}", e);
            }
        }

        private static void Replace(string temp, string path)
        {
            // File.Replace needs an existing destination; the first write is a plain move. Both are renames on one volume.
            // On Windows a virus scanner or indexer may hold the old file for a moment: try a few times.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    if (File.Exists(path)) File.Replace(temp, path, null, ignoreMetadataErrors: true);
                    else File.Move(temp, path);
                    return;
                }
                catch (Exception e) when ((e is IOException || e is UnauthorizedAccessException) && attempt < 5 && File.Exists(temp))
                {
                    Thread.Sleep(20 * attempt);
                }
            }
        }

        private static void TryDelete(string path)
        {
            try { File.Delete(path); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { }
        }
    }
}
