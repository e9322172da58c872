using System;

namespace CogniteRecords.Core.Sync
{
    /// <summary>Where a host keeps sync cursors between calls (the module: per runspace, shown by Get-CdfSyncState).</summary>
    public interface ISyncCursorStore
    {
        /// <summary>The cursor kept for this key, or null.</summary>
        string? KeptCursor(SyncKey key);

        /// <summary>Keeps the cursor after <paramref name="page"/>, which was committed at <paramref name="committedAt"/>.</summary>
        void Keep(SyncKey key, SyncPage page, DateTimeOffset committedAt);
    }
}
