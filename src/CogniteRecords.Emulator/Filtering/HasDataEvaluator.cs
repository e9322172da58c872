namespace CogniteRecords.Emulator.Filtering
{
    /// <summary>hasData: the record has data in ANY of the listed containers. (our choice; see FilterCompiler.)</summary>
    internal sealed class HasDataEvaluator(string[] spaces, string[] containers) : FilterEvaluator
    {
        public override bool Matches(IFilterableRecord record)
        {
            if (record.IsDeleted) return false;
            for (int i = 0; i < spaces.Length; i++)
            {
                if (record.HasData(spaces[i], containers[i])) return true;
            }

            return false;
        }
    }
}
