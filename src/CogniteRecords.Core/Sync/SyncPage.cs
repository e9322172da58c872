using System;
using System.Collections.Generic;

namespace CogniteRecords.Core.Sync
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

    /// <summary>The record statuses, interned so that comparisons are cheap.</summary>
    public static class SyncStatus
    {
        public const string Created = "created";
        public const string Updated = "updated";
        public const string Deleted = "deleted";
    }

    /// <summary>One page of a sync: its records, the cursor after it, and whether more is waiting.</summary>
    public sealed class SyncPage
    {
        public SyncPage(IReadOnlyList<SyncItem> items, string nextCursor, bool hasNext, long bytes, TimeSpan elapsed, int limit)
        {
            Items = items; NextCursor = nextCursor; HasNext = hasNext; Bytes = bytes; Elapsed = elapsed; Limit = limit;
        }

        public IReadOnlyList<SyncItem> Items { get; }

        /// <summary>The position after this page: keep it, even when the page is empty.</summary>
        public string NextCursor { get; }

        /// <summary>False when the cursor has reached the newest data (caught up).</summary>
        public bool HasNext { get; }

        /// <summary>The size of the response body as read (after decompression).</summary>
        public long Bytes { get; }

        /// <summary>From sending the request to the last byte read, retries included.</summary>
        public TimeSpan Elapsed { get; }

        /// <summary>The limit this page was asked with.</summary>
        public int Limit { get; }
    }

    /// <summary>
    /// Builds the values the page reader cannot make from primitives: lists, JSON objects and direct relations.
    /// The module supplies its own (types users see live in the module, not in the engine).
    /// </summary>
    public class JsonValueFactory
    {
        public static readonly JsonValueFactory Default = new JsonValueFactory();

        /// <summary>A JSON array (or a list property's value).</summary>
        public virtual object CreateList(List<object?> items) => items.ToArray();

        /// <summary>A JSON object, members in the order read.</summary>
        public virtual object CreateObject(List<KeyValuePair<string, object?>> members)
        {
            var d = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var m in members) d[m.Key] = m.Value;
            return d;
        }
    }
}
