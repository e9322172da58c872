using System;
using System.Collections.Generic;

namespace CogniteRecords.Emulator.Storage
{
    /// <summary>A stream template from the reference's table: type, limits and lifecycle.</summary>
    public sealed record StreamTemplate(string Name, bool Mutable, long MaxRecords, long MaxGigaBytes,
        string? DataDeletedAfter, string RetainedAfterSoftDelete, string? MaxFilteringInterval)
    {
        public static readonly IReadOnlyDictionary<string, StreamTemplate> All = new Dictionary<string, StreamTemplate>(StringComparer.Ordinal)
        {
            ["ImmutableTestStream"] = new("ImmutableTestStream", false, 50_000_000, 50, "P7D", "P1D", "P1Y"),
            ["BasicArchive"] = new("BasicArchive", false, 50_000_000, 50, null, "P42D", "P1Y"),
            ["BasicLiveData"] = new("BasicLiveData", true, 5_000_000, 15, null, "P42D", null),
        };

        /// <summary>The immutable-stream filter window, as a span (ISO-8601 durations of days or years).</summary>
        public TimeSpan? FilteringWindow => MaxFilteringInterval switch
        {
            null => null,
            "P1Y" => TimeSpan.FromDays(366),
            var s when s.StartsWith('P') && s.EndsWith('D') => TimeSpan.FromDays(int.Parse(s[1..^1])),
            _ => null,
        };
    }
}
