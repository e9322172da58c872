using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CogniteRecords.Core.Filters;
using CogniteRecords.Core.Records;
using CogniteRecords.Filters;

namespace CogniteRecords.Internal
{
    /// <summary>The -Source and -Filter parameters that Get-CdfRecord and Sync-CdfRecord share, turned into the engine's types.</summary>
    internal static class RecordReadArguments
    {
        /// <summary>-Source: 'space/container', 'space/container/prop' or hashtables; throws <see cref="CdfArgumentException"/> on bad input.</summary>
        public static IReadOnlyList<SourceSelection> Sources(object[]? source) =>
            SourceParser.Parse(source?.Select(s => InputValues.Unwrap(s)));

        /// <summary>-Filter, or null when not given; throws <see cref="FilterValidationException"/> naming the offending part.</summary>
        public static FilterNode? Filter(object? filter)
        {
            if (filter == null) return null;
            // A PSObject around a hashtable or string is unwrapped; around a PSCustomObject it is read property by property.
            var unwrapped = filter is PSObject pso && pso.BaseObject is not PSCustomObject ? pso.BaseObject : filter;
            return FilterArgument.ToFilterNode(unwrapped);
        }
    }
}
