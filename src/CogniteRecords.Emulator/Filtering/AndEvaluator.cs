namespace CogniteRecords.Emulator.Filtering
{
    internal sealed class AndEvaluator(FilterEvaluator[] parts) : FilterEvaluator
    {
        public override bool Matches(IFilterableRecord record)
        {
            foreach (FilterEvaluator part in parts)
            {
                if (!part.Matches(record)) return false;
            }

            return true;
        }
    }
}
