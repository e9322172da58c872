using System;
using System.Collections.Generic;
using CogniteRecords.Core.Filters;
using CogniteRecords.Core.Streams;

namespace CogniteRecords.Core.Records
{
    /// <summary>What Get-CdfRecord asks of the filter endpoint.</summary>
    public sealed class RecordQueryRequest
    {
        public RecordQueryRequest(string stream) => Stream = stream;
        public string Stream { get; }
        public IReadOnlyList<SourceSelection> Sources { get; set; } = Array.Empty<SourceSelection>();
        public FilterNode? Filter { get; set; }
        public IReadOnlyList<RecordSort> Sort { get; set; } = Array.Empty<RecordSort>();

        /// <summary>Records in all, 1-1000 per request.</summary>
        public int Limit { get; set; } = 1000;

        /// <summary>lastUpdatedTime at or after this (epoch ms, inclusive).</summary>
        public long? UpdatedFrom { get; set; }

        /// <summary>lastUpdatedTime before this (epoch ms, exclusive).</summary>
        public long? UpdatedTo { get; set; }

        /// <summary>The checks that need no request.</summary>
        public void Validate()
        {
            var why = Identifiers.CheckStreamId(Stream);
            if (why != null) throw new CdfArgumentException("InvalidStreamId", "Stream", why);
            if (Limit < 1 || Limit > 1000)
                throw new CdfArgumentException("InvalidLimit", "Limit", $"The limit {Limit} is out of range: the filter endpoint returns 1 to 1000 records.");
            if (Sort.Count > 5) throw new CdfArgumentException("InvalidSort", "Sort", $"{Sort.Count} sort keys were given; the API takes 1 to 5.");
            if (Sources.Count > SourceParser.MaxContainers)
                throw new CdfArgumentException("TooManySources", "Source", $"{Sources.Count} containers were given as sources; the API takes 1 to {SourceParser.MaxContainers}.");
            if (UpdatedFrom is long f && UpdatedTo is long t && t <= f)
                throw new CdfArgumentException("InvalidTimeRange", "UpdatedBefore", $"The lastUpdatedTime range is empty: {StreamsApi.Ms(t)} is not after {StreamsApi.Ms(f)}.");
        }
    }
}
