namespace CogniteRecords.Core.Filters
{
    /// <summary>What a filter value is.</summary>
    public enum FilterValueKind
    {
        /// <summary>A JSON string.</summary>
        String,
        /// <summary>A JSON number.</summary>
        Number,
        /// <summary>true or false.</summary>
        Boolean,
        /// <summary>A JSON object (a json property value or a direct relation).</summary>
        Object,
    }
}
