namespace CogniteRecords.Emulator.Filtering
{
    /// <summary>The top-level fields a filter may name with a one-string property reference.</summary>
    internal enum TopLevelField
    {
        Space,
        ExternalId,
        CreatedTime,
        LastUpdatedTime,
    }
}
