namespace CogniteRecords.Emulator.Filtering
{
    // The compiled form of a filter: a tree of small evaluators built once by FilterCompiler. Matches never
    // throws and, for the common operators, never allocates: values are read straight from the record's JSON.

    /// <summary>One compiled filter object.</summary>
    internal abstract class FilterEvaluator
    {
        public abstract bool Matches(IFilterableRecord record);
    }
}
