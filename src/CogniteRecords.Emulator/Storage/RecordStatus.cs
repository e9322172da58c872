namespace CogniteRecords.Emulator.Storage
{
    /// <summary>How a version came to be; sync reports it as the record's status.</summary>
    public enum RecordStatus : byte { Created = 0, Updated = 1, Deleted = 2 }
}
