namespace CogniteRecords.Emulator.Filtering
{
    internal sealed class MatchAllEvaluator : FilterEvaluator
    {
        public static readonly MatchAllEvaluator Instance = new();

        public override bool Matches(IFilterableRecord record) => true;
    }
}
