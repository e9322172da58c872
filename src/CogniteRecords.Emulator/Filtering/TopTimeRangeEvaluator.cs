using System;

namespace CogniteRecords.Emulator.Filtering
{
    internal sealed class TopTimeRangeEvaluator(TopLevelField field, Bounds<long> bounds) : FilterEvaluator
    {
        private static readonly Func<long, long, int> Compare = (a, b) => a.CompareTo(b);

        public override bool Matches(IFilterableRecord record)
        {
            long ms = field == TopLevelField.CreatedTime ? record.CreatedTime : record.LastUpdatedTime;
            return bounds.Contains(FilterValues.MsToTicks(ms), Compare);
        }
    }
}
