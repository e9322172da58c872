namespace CogniteRecords.Core.Sync
{
    /// <summary>
    /// A sink downstream of a sync that takes part in each page's commit (Export-CdfRecord is one): its state is kept
    /// with the cursor, so that a resumed sync and its output agree on what has been delivered.
    /// </summary>
    public interface ISyncCommitParticipant
    {
        /// <summary>
        /// Stable key of this sink within the sync (for Export-CdfRecord: "export|" + the full output path). Its committed
        /// state is stored under this key in the checkpoint.
        /// </summary>
        string ParticipantKey { get; }

        /// <summary>
        /// Called once, at registration, with the state this sink committed together with the cursor the sync resumes
        /// from (null when there is none). The sink brings its output back to that state before it writes anything.
        /// </summary>
        void Restore(string? committedState);

        /// <summary>
        /// Called on the pipeline thread after the last record of a page has gone downstream and before that page's
        /// cursor is committed. The sink makes its output durable and returns the state to store with the cursor (short
        /// text). An exception here means the page is not committed: the sync stops with that error.
        /// </summary>
        string PrepareCommit();
    }
}
