namespace CogniteRecords.Core.Http
{
    /// <summary>The API's throttling budgets a request counts against (see docs/design/records-api.md, "Throttling budgets").</summary>
    public enum BudgetClass
    {
        /// <summary>Not paced: calls outside the Records and Streams budgets (token inspection, data modeling).</summary>
        None,
        /// <summary>POST streams/{id}/records, .../upsert, .../delete.</summary>
        RecordsIngest,
        /// <summary>sync, filter and aggregate on a mutable stream.</summary>
        RecordsQueryMutable,
        /// <summary>sync, filter and aggregate on an immutable stream (or one whose type is not known).</summary>
        RecordsQueryImmutable,
        /// <summary>POST streams, POST streams/delete.</summary>
        StreamCreateDelete,
        /// <summary>GET streams, GET streams/{id}.</summary>
        StreamListRetrieve,
    }
}
