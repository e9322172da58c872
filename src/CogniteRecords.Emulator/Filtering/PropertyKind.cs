namespace CogniteRecords.Emulator.Filtering
{
    /// <summary>How the filter treats a property's values, from its container type.</summary>
    internal enum PropertyKind
    {
        Text,
        Boolean,
        Number,
        Timestamp,
        Date,
        Json,
        Direct,
    }
}
