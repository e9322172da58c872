namespace CogniteRecords.Core.Records
{
    /// <summary>One record of a sync page, in a compact form: the record fields and the column values.</summary>
    public sealed class SyncItem
    {
        public string Space { get; set; } = "";
        public string ExternalId { get; set; } = "";

        /// <summary>"created", "updated" or "deleted" (interned).</summary>
        public string Status { get; set; } = "";

        /// <summary>Epoch milliseconds, as the API sends them.</summary>
        public long CreatedTime { get; set; }

        /// <summary>Epoch milliseconds, as the API sends them.</summary>
        public long LastUpdatedTime { get; set; }

        /// <summary>Flat mode: one value per <see cref="RecordColumns.Columns"/> entry (null when absent).</summary>
        public object?[]? Values { get; set; }

        /// <summary>Raw mode: the "properties" object as built by the <see cref="JsonValueFactory"/>; null for tombstones.</summary>
        public object? Properties { get; set; }

        public bool IsDeleted => ReferenceEquals(Status, SyncStatus.Deleted);
    }
}
