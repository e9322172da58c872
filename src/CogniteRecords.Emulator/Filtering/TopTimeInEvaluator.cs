using System.Collections.Generic;

namespace CogniteRecords.Emulator.Filtering
{
    /// <summary>equals/in on createdTime or lastUpdatedTime, as ticks since the epoch.</summary>
    internal sealed class TopTimeInEvaluator(TopLevelField field, long[] ticks) : FilterEvaluator
    {
        private readonly HashSet<long> _set = new(ticks);

        public override bool Matches(IFilterableRecord record)
        {
            long ms = field == TopLevelField.CreatedTime ? record.CreatedTime : record.LastUpdatedTime;
            return _set.Contains(FilterValues.MsToTicks(ms));
        }
    }
}
