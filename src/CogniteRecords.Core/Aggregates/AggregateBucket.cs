using System.Collections.Generic;

namespace CogniteRecords.Core.Aggregates
{
    /// <summary>One bucket: a unique value, a histogram interval or a filter, its record count and its nested results.</summary>
    public sealed class AggregateBucket
    {
        /// <summary>uniqueValues: the value (string, long, double or bool); filters: the filter's index.</summary>
        public object? Value { get; internal set; }

        /// <summary>Histograms: the interval start (a number, or epoch milliseconds for time histograms).</summary>
        public double? Start { get; internal set; }

        public long Count { get; internal set; }

        /// <summary>The nested results, in the order the aggregates were given.</summary>
        public List<KeyValuePair<string, AggregateResult>> Aggregates { get; internal set; } = new List<KeyValuePair<string, AggregateResult>>();
    }
}
