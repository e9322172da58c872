namespace CogniteRecords.Internal
{
    /// <summary>
    /// Sync-CdfRecord's side of a fused pipeline: published with its session (<see cref="ActiveSyncSessions"/>), so that
    /// the Export-CdfRecord right after it can take the records page by page.
    /// </summary>
    internal interface IRecordPageSource
    {
        /// <summary>
        /// In the sink's BeginProcessing: takes <paramref name="sink"/> for every page, or refuses (returns false) when the
        /// records this command writes are not what the sink would get from it unchanged (-Raw, -AsHashtable, -OutVariable...).
        /// </summary>
        bool TryFuse(IRecordPageSink sink);
    }
}
