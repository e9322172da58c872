namespace CogniteRecords.Emulator.Throttling
{
    /// <summary>The budget classes of the reference's throttling table.</summary>
    internal enum BudgetClass { Ingest, QueryMutable, QueryImmutable, AggregateMutable, AggregateImmutable, QueryVolume, StreamWrite, StreamRead }
}
