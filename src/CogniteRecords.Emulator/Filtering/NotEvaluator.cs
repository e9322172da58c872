namespace CogniteRecords.Emulator.Filtering
{
    /// <summary>
    /// Plain negation. (our choice) Two-valued logic: a leaf on a missing, null or tombstoned property is false,
    /// so not(leaf) is true for it; the reference does not say otherwise.
    /// </summary>
    internal sealed class NotEvaluator(FilterEvaluator inner) : FilterEvaluator
    {
        public override bool Matches(IFilterableRecord record) => !inner.Matches(record);
    }
}
