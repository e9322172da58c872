using System;
using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    /// <summary>range on timestamps (ticks since the epoch) or dates (days).</summary>
    internal sealed class TimeRangeEvaluator(string space, string container, string property, bool isDate, Bounds<long> bounds)
        : PropertyEvaluator(space, container, property)
    {
        private static readonly Func<long, long, int> Compare = (a, b) => a.CompareTo(b);

        protected override bool MatchesValue(JsonElement value)
        {
            long key;
            bool ok = isDate
                ? FilterValues.TryReadDate(value, out key)
                : FilterValues.TryReadInstant(value, allowNumber: true, allowDate: false, out key);
            return ok && bounds.Contains(key, Compare);
        }
    }
}
