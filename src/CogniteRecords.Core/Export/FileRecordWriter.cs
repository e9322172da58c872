using System;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace CogniteRecords.Core.Export
{
    /// <summary>
    /// The file side of the CSV and JSON Lines writers: opening (new, appended to, or continued from a sync
    /// checkpoint's committed length), and the committed length itself.
    /// </summary>
    public abstract class FileRecordWriter : RecordFileWriter
    {
        private bool _completed;

        protected FileRecordWriter(ExportSchema schema, ExportFileOptions options) : base(schema, options)
        {
        }

        /// <summary>Opens the file; the derived writer calls it at the end of its constructor (it calls back into the derived writer).</summary>
        protected void OpenFile()
        {
            var options = Options;
            var path = options.Path;
            var committed = CommittedLength(options.CommittedState, path);
            var exists = File.Exists(path);
            if (committed != null && !exists)
            {
                throw new ExportException("ExportFileMissing",
                    $"The sync checkpoint says the file '{path}' holds {committed:N0} bytes of records whose cursor was committed, but the file is missing. " +
                    "Restore it, or delete the checkpoint file to start the sync over.");
            }
            var continuing = exists && (committed != null || options.Append);
            try
            {
                Stream = new FileStream(path, continuing ? FileMode.Open : FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.None);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new ExportException("ExportFileUnwritable", $"The file '{path}' cannot be written: {e.Message}", e);
            }
            try
            {
                if (committed is long length)
                {
                    if (Stream.Length < length)
                    {
                        throw new ExportException("ExportFileShorter",
                            $"The file '{path}' has {Stream.Length:N0} bytes, fewer than the {length:N0} the sync checkpoint says were committed: it was changed " +
                            "since. Nothing was written. Restore the file, or delete the checkpoint file to start the sync over.");
                    }
                    // The rows of pages whose cursor was never committed: the sync reads those pages again.
                    CutBack = Stream.Length - length;
                    if (CutBack > 0)
                    {
                        Stream.SetLength(length);
                        Stream.Flush(true);
                    }
                }
                if (continuing && Stream.Length > 0)
                {
                    Stream.Position = 0;
                    CheckColumns(Stream);
                    Stream.Position = Stream.Length;
                    EndLastLine(Stream);
                    Start(false);
                }
                else
                {
                    Stream.SetLength(0);
                    Start(true);
                }
            }
            catch
            {
                Stream.Dispose();
                throw;
            }
        }

        /// <summary>The open file; its position is the end of what was written out.</summary>
        protected FileStream Stream { get; private set; } = null!;

        /// <summary>Begins writing: at the start of an empty file (preamble and header) or after existing rows.</summary>
        protected abstract void Start(bool newFile);

        /// <summary>Checks the columns of the existing file (read from the start of <paramref name="file"/>) against the schema.</summary>
        protected abstract void CheckColumns(FileStream file);

        /// <summary>Writes what is buffered to the file stream.</summary>
        protected abstract void WriteOut();

        public override string Commit(bool durable)
        {
            WriteOut();
            Stream.Flush(durable);
            return "{\"length\":" + Stream.Position.ToString(CultureInfo.InvariantCulture) + "}";
        }

        public override void Complete()
        {
            if (_completed) return;
            _completed = true;
            try
            {
                WriteOut();
                Stream.Flush(false);
            }
            finally
            {
                Stream.Dispose();
            }
        }

        /// <summary>A file that does not end with a line break (written by hand) gets one, so that the next row starts a line.</summary>
        private static void EndLastLine(FileStream file)
        {
            if (file.Length == 0) return;
            file.Position = file.Length - 1;
            var last = file.ReadByte();
            file.Position = file.Length;
            if (last != '\n') file.Write(new[] { (byte)'\r', (byte)'\n' }, 0, 2);
        }

        /// <summary>The length a checkpoint's state says is committed; null when there is no state.</summary>
        internal static long? CommittedLength(string? state, string path)
        {
            if (state == null) return null;
            try
            {
                using var doc = JsonDocument.Parse(state);
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("length", out var length) &&
                    length.TryGetInt64(out var n) && n >= 0)
                {
                    return n;
                }
            }
            catch (JsonException)
            {
            }
            throw new ExportException("ExportStateInvalid",
                $"The sync checkpoint's state for the file '{path}' is not a length ({state}): it was written for another format. Delete the checkpoint file to start over.");
        }
    }
}
