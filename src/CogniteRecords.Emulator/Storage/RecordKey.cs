namespace CogniteRecords.Emulator.Storage
{
    /// <summary>The identity of a record within a stream.</summary>
    public readonly record struct RecordKey(string Space, string ExternalId);
}
