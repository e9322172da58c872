namespace CogniteRecords.Core.Records
{
    /// <summary>The write calls of the Records API.</summary>
    public enum RecordOperation
    {
        /// <summary>POST /streams/{id}/records: new records (409 on a mutable stream when the id exists).</summary>
        Ingest,
        /// <summary>POST /streams/{id}/records/upsert: create or replace whole (mutable streams).</summary>
        Upsert,
        /// <summary>POST /streams/{id}/records/delete (mutable streams; unknown ids are ignored).</summary>
        Delete,
    }
}
