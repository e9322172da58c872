using System;

namespace CogniteRecords.Core.Sync
{
    /// <summary>Where a host keeps sync cursors between calls (the module: per runspace, shown by Get-CdfSyncState).</summary>
    public interface ISyncCursorStore
    {
        /// <summary>The cursor kept for this key, or null.</summary>
        string? KeptCursor(SyncKey key);

        /// <summary>
        /// When the cursor kept for this key was last used (<see cref="SyncPage.ServerTime"/> of the page that gave it, else
        /// the time it was committed), or null when none is kept or the time is not known.
        /// </summary>
        DateTimeOffset? KeptCursorUsedAt(SyncKey key);

        /// <summary>
        /// Keeps the cursor after <paramref name="page"/>, which was committed at <paramref name="committedAt"/> (local
        /// time); it was last used at <paramref name="page"/>'s <see cref="SyncPage.ServerTime"/> when the service sent one.
        /// </summary>
        void Keep(SyncKey key, SyncPage page, DateTimeOffset committedAt);
    }
}
