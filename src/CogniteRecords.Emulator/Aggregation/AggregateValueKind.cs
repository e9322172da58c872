namespace CogniteRecords.Emulator.Aggregation
{
    /// <summary>What an aggregate can read from a property, from its container type.</summary>
    internal enum AggregateValueKind
    {
        Number,
        Text,
        Boolean,
        /// <summary>Timestamps, dates (midnight UTC) and the top-level createdTime/lastUpdatedTime, as epoch milliseconds.</summary>
        Time,
        /// <summary>json and direct relations: only count reads them.</summary>
        Other,
    }
}
