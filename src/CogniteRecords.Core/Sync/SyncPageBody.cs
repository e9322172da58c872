using System.Collections.Generic;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Core.Sync
{
    /// <summary>
    /// What <see cref="SyncPageReader"/> read from one response body: its items, cursor and byte count.
    /// A class, not a tuple: every API call goes through the one generic HTTP and retry pipeline
    /// (<c>CdfApiClient.SendAsync&lt;T&gt;</c>), whose code the runtime shares between all reference types but compiles
    /// anew for each value type. As a tuple, the first sync page paid for ~270 extra methods JIT-compiled (and their
    /// later recompilations), ~20–30 ms of a fresh process, that the connection's own first call had compiled already.
    /// </summary>
    internal sealed class SyncPageBody
    {
        public SyncPageBody(List<SyncItem> items, string nextCursor, bool hasNext, long bytes)
        {
            Items = items; NextCursor = nextCursor; HasNext = hasNext; Bytes = bytes;
        }

        public List<SyncItem> Items { get; }

        public string NextCursor { get; }

        public bool HasNext { get; }

        public long Bytes { get; }

        public void Deconstruct(out List<SyncItem> items, out string nextCursor, out bool hasNext, out long bytes)
        {
            items = Items; nextCursor = NextCursor; hasNext = HasNext; bytes = Bytes;
        }
    }
}
