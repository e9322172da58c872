using System;
using System.Collections.Generic;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Core.Sync
{
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

        /// <summary>
        /// When the service answered, by its own clock (the response's Date header), or null when it sent none: the
        /// time its cursor was last used, and "now" for the age of the cursor a sync resumes from
        /// (<see cref="CursorRetention"/>).
        /// </summary>
        public DateTimeOffset? ServerTime { get; set; }
    }
}
