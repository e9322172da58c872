namespace CogniteRecords.Emulator.Filtering
{
    internal sealed class OrEvaluator(FilterEvaluator[] parts) : FilterEvaluator
    {
        public override bool Matches(IFilterableRecord record)
        {
            foreach (FilterEvaluator part in parts)
            {
                if (part.Matches(record)) return true;
            }

            return false;
        }
    }
}
