namespace CogniteRecords.Core.Records
{
    /// <summary>The record statuses, interned so that comparisons are cheap.</summary>
    public static class SyncStatus
    {
        public const string Created = "created";
        public const string Updated = "updated";
        public const string Deleted = "deleted";
    }
}
