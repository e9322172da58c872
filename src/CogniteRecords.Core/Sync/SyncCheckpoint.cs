using System;
using System.Collections.Generic;

namespace CogniteRecords.Core.Sync
{
    /// <summary>The content of a checkpoint file: the key, the cursor after the last page written whole, and bookkeeping.</summary>
    public sealed class SyncCheckpoint
    {
        /// <summary>The value of the file's "kind" field, so that a stray JSON file is never taken for a checkpoint.</summary>
        public const string KindName = "CogniteRecords.SyncCheckpoint";

        /// <summary>The format this code writes; a file with a higher one is refused (written by a newer module).</summary>
        public const int CurrentFormatVersion = 1;

        public SyncCheckpoint(SyncKey key, string cursor) { Key = key; Cursor = cursor; }

        public SyncKey Key { get; }

        /// <summary>The position right after the last page written whole.</summary>
        public string Cursor { get; }

        /// <summary>Whether that page had reached the newest data (hasNext false).</summary>
        public bool CaughtUp { get; set; }

        /// <summary>Records written under this checkpoint, over every run that used it.</summary>
        public long RecordsRead { get; set; }

        /// <summary>Pages written under this checkpoint, over every run that used it.</summary>
        public long PagesRead { get; set; }

        /// <summary>When the file was written (UTC).</summary>
        public DateTimeOffset WrittenAt { get; set; }

        /// <summary>
        /// When the cursor was last used: the service's time (its Date header) of the answer that gave it, else the local
        /// time of the write. Null in files written before it was kept ("cursorUsedAt"); <see cref="WrittenAt"/> stands in.
        /// </summary>
        public DateTimeOffset? CursorUsedAt { get; set; }

        /// <summary>The module version that wrote it.</summary>
        public string? ModuleVersion { get; set; }

        public int FormatVersion { get; set; } = CurrentFormatVersion;

        /// <summary>
        /// The state each sink downstream committed with this cursor, by its key (<see cref="ISyncCommitParticipant"/>);
        /// empty when none took part (and in files written before sinks could).
        /// </summary>
        public IReadOnlyDictionary<string, string> Participants { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    }
}
