namespace CogniteRecords.Core.Records
{
    /// <summary>One record ready to send: its id, the input row it came from, and its item JSON (UTF-8).</summary>
    public sealed class PendingRecord
    {
        public PendingRecord(long row, string space, string externalId, byte[] json)
        {
            Row = row; Key = new RecordKey(space, externalId); Json = json;
        }

        /// <summary>The 1-based number of the input object this record came from (0 when not known).</summary>
        public long Row { get; }
        public RecordKey Key { get; }

        /// <summary>The item as sent: {"space", "externalId", "sources": [...]} (or {"space", "externalId"} for deletes).</summary>
        public byte[] Json { get; }
    }
}
