using System.Collections.Generic;

namespace CogniteRecords.Emulator.Storage
{
    /// <summary>What one sync scan found: the versions to send, the position reached and whether more is waiting.</summary>
    public sealed record SyncScan(List<RecordVersion> Items, long Position, bool HasNext);
}
