namespace CogniteRecords.Core.Sync
{
    /// <summary>
    /// Where a sync's start cursor came from (<see cref="SyncSession.StartKind"/>), in the order
    /// <see cref="SyncSession.Open"/> looks; <see cref="SyncSession.StartedFrom"/> says it in words.
    /// </summary>
    public enum SyncStart
    {
        /// <summary>No start point was found; the request is refused (NoCursor) before any read.</summary>
        None,

        /// <summary>The cursor in an existing checkpoint file.</summary>
        Checkpoint,

        /// <summary>The cursor the user gave (-Cursor).</summary>
        Cursor,

        /// <summary>A new start at the request's -InitializeCursor.</summary>
        InitializeCursor,

        /// <summary>The cursor kept for this sync's key in the session's cursor store.</summary>
        KeptCursor,
    }
}
