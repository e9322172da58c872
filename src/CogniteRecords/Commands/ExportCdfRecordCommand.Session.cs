namespace CogniteRecords.Commands
{
    // Export-CdfRecord downstream of Sync-CdfRecord -CheckpointPath: the file's committed length kept with the cursor.
    public sealed partial class ExportCdfRecordCommand
    {
        private void BeginSession()
        {
        }

        /// <summary>The output's state kept with the sync's cursor, or null when not downstream of a sync that keeps one.</summary>
        private string? RegisterWithSession() => null;

        private void EndSession()
        {
        }
    }
}
