using System;
using CogniteRecords.Core.Filters;

namespace CogniteRecords.Filters
{
    /// <summary>
    /// Turns what a user passes to -Filter (a RecordFilter, a hashtable in the API's shape, a JSON string,
    /// possibly wrapped in PSObject) into the engine's filter. STUB: owned by the filter work; replaced there.
    /// </summary>
    internal static class FilterArgument
    {
        public static FilterNode ToFilterNode(object? value) => throw new NotImplementedException();
    }
}
