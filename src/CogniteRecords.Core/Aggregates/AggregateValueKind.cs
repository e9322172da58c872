namespace CogniteRecords.Core.Aggregates
{
    /// <summary>What an aggregate can do with a property, from its container type.</summary>
    public enum AggregateValueKind
    {
        /// <summary>int32, int64, float32, float64: every aggregate.</summary>
        Number,
        /// <summary>text, enum, space, externalId: count and uniqueValues.</summary>
        Text,
        /// <summary>boolean: count and uniqueValues.</summary>
        Boolean,
        /// <summary>timestamp, date, createdTime, lastUpdatedTime: count, min, max, timeHistogram.</summary>
        Time,
        /// <summary>json, direct relations and types not known here: count only.</summary>
        Other,
    }
}
