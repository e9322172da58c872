using System.Runtime.CompilerServices;
using CogniteRecords.Core;
using CogniteRecords.Core.Records;
using CogniteRecords.Internal;

namespace CogniteRecords
{
    /// <summary>
    /// A record written by Sync-CdfRecord. Each call makes a class for its columns that derives from this one, with
    /// the record fields (Space, ExternalId, Status, CreatedTime, LastUpdatedTime) first and then one property per
    /// selected container property, so that every record of a call has the same properties in the same order and
    /// PowerShell reads them as fast as any .NET property. Test with <c>$record -is [CogniteRecords.SyncRecord]</c>.
    /// </summary>
    public abstract class SyncRecord : Record
    {
        // Protected, not public: PowerShell shows the generated class's properties only, in their order.
        protected string _status = "";

        [MethodImpl(Hot.Optimize)]
        internal void InitWithStatus(SyncItem item, int columnCount, RecordBuilder builder)
        {
            Init(item, columnCount, builder);
            _status = item.Status;
        }

        // For Export-CdfRecord, which reads the fields directly rather than through PowerShell's adapter.
        internal string StatusField => _status;
    }
}
