using System;

namespace CogniteRecords.Core.Streams
{
    /// <summary>A stream as the API describes it.</summary>
    public sealed class StreamInfo
    {
        public string ExternalId { get; set; } = "";

        /// <summary>Epoch milliseconds.</summary>
        public long CreatedTime { get; set; }
        public string? CreatedFromTemplate { get; set; }

        /// <summary>"Immutable" or "Mutable".</summary>
        public string? Type { get; set; }
        public bool IsMutable => string.Equals(Type, "Mutable", StringComparison.OrdinalIgnoreCase);

        /// <summary>ISO-8601 durations, as sent (e.g. "P42D"); null when the stream has none.</summary>
        public string? RetainedAfterSoftDelete { get; set; }
        public string? DataDeletedAfter { get; set; }
        public string? MaxFilteringInterval { get; set; }

        public StreamLimit? MaxRecordsTotal { get; set; }
        public StreamLimit? MaxGigaBytesTotal { get; set; }

        /// <summary>The longest lastUpdatedTime window a filter may span (immutable streams), or null for no bound.</summary>
        public TimeSpan? FilteringWindow => StreamsApi.ParseDuration(MaxFilteringInterval);
    }
}
