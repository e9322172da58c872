using System;
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
    public abstract class SyncRecord
    {
        // Protected, not public: PowerShell shows the generated class's properties only, in their order.
        protected string _space = "";
        protected string _externalId = "";
        protected string _status = "";
        protected DateTimeOffset _createdTime;
        protected DateTimeOffset _lastUpdatedTime;
        protected object?[] _values = Array.Empty<object?>();
        private RecordBuilder? _builder;

        [MethodImpl(Hot.Optimize)]
        internal void Init(SyncItem item, int columnCount, RecordBuilder builder)
        {
            _builder = builder;
            _space = item.Space;
            _externalId = item.ExternalId;
            _status = item.Status;
            _createdTime = DateTimeOffset.FromUnixTimeMilliseconds(item.CreatedTime);
            _lastUpdatedTime = DateTimeOffset.FromUnixTimeMilliseconds(item.LastUpdatedTime);
            _values = item.Values ?? (columnCount == 0 ? Array.Empty<object?>() : new object?[columnCount]);
        }

        /// <summary>space/externalId</summary>
        public override string ToString() => _space + "/" + _externalId;

        // For Export-CdfRecord, which reads the fields directly rather than through PowerShell's adapter.
        internal RecordBuilder? Builder => _builder;
        internal string SpaceField => _space;
        internal string ExternalIdField => _externalId;
        internal string StatusField => _status;
        internal DateTimeOffset CreatedTimeField => _createdTime;
        internal DateTimeOffset LastUpdatedTimeField => _lastUpdatedTime;
        internal object?[] Values => _values;
    }
}
