using System;

namespace CogniteRecords
{
    /// <summary>
    /// A cursor kept in the session by Sync-CdfRecord, for one connection project, stream, sources and filter.
    /// The cursor is the position right after the last page that was written whole to the pipeline.
    /// </summary>
    public sealed class SyncState
    {
        internal SyncState(string key, string project, string baseUrl, string stream, string sources, string? filter)
        {
            Key = key; Project = project; BaseUrl = baseUrl; Stream = stream; Sources = sources; Filter = filter;
        }

        internal string Key { get; }

        /// <summary>The connection's project.</summary>
        public string Project { get; }

        /// <summary>The connection's base URL.</summary>
        public string BaseUrl { get; }

        /// <summary>The stream id.</summary>
        public string Stream { get; }

        /// <summary>The sources, in canonical form (space/container:properties;...), empty for none.</summary>
        public string Sources { get; }

        /// <summary>The filter's canonical JSON, or null.</summary>
        public string? Filter { get; }

        /// <summary>The kept cursor: the next sync with the same key starts here.</summary>
        public string? Cursor { get; internal set; }

        /// <summary>Whether the last page read had reached the newest data (hasNext false).</summary>
        public bool CaughtUp { get; internal set; }

        /// <summary>Records written to the pipeline under this key in this session.</summary>
        public long RecordsRead { get; internal set; }

        /// <summary>Pages committed under this key in this session.</summary>
        public long PagesRead { get; internal set; }

        /// <summary>When the last page was committed (UTC).</summary>
        public DateTimeOffset? LastSyncTime { get; internal set; }

        /// <summary>When the cursor was last used, by the service's clock when it told (the age that matters for its tombstones).</summary>
        internal DateTimeOffset? CursorUsedAt { get; set; }

        /// <summary>The checkpoint file this state was read from (Get-CdfSyncState -CheckpointPath), else null.</summary>
        public string? CheckpointPath { get; internal set; }

        /// <summary>For a checkpoint file: the module version that wrote it.</summary>
        public string? ModuleVersion { get; internal set; }

        /// <summary>The cursor shortened for display (the table's Cursor column); hidden, as a twin of Cursor (Get-Member -Force shows it).</summary>
        [System.Management.Automation.Hidden]
        public string? ShortCursor => Cursor == null ? null : Cursor.Length <= 16 ? Cursor : Cursor.Substring(0, 8) + "…" + Cursor.Substring(Cursor.Length - 6);

        public override string ToString() => $"{Project}/{Stream} at {ShortCursor}";
    }
}
