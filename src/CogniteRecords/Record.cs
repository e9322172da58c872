using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using CogniteRecords.Core;
using CogniteRecords.Core.Export;
using CogniteRecords.Core.Records;
using CogniteRecords.Internal;

namespace CogniteRecords
{
    /// <summary>
    /// A flat record. Get-CdfRecord writes instances of a class made at run time for its columns that derives from
    /// this one, with the record fields (Space, ExternalId, CreatedTime, LastUpdatedTime) first and then one property
    /// per selected container property; Sync-CdfRecord's records (<see cref="SyncRecord"/>) derive from it too and add
    /// Status. Every record of a call has the same properties in the same order, and PowerShell reads them as fast as
    /// any .NET property. Test with <c>$record -is [CogniteRecords.Record]</c>.
    /// </summary>
    public abstract class Record
    {
        // Protected, not public: PowerShell shows the generated class's properties only, in their order.
        protected string _space = "";
        protected string _externalId = "";
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
        internal DateTimeOffset CreatedTimeField => _createdTime;
        internal DateTimeOffset LastUpdatedTimeField => _lastUpdatedTime;
        internal object?[] Values => _values;

        // Sync-CdfRecord -TimestampFormat Iso8601: the generated class's getters give timestamps and dates as ISO 8601
        // text, while the fields keep their types (Export-CdfRecord reads the fields). Protected: the generated class
        // calls them, PowerShell does not show them.

        /// <summary>2026-12-02T12:53:41.965Z.</summary>
        [MethodImpl(Hot.Optimize)]
        protected static string IsoTimestamp(DateTimeOffset value) => ExportValueFormatter.Timestamp(value);

        /// <summary>A timestamp set as text (or as a date/time object) on a record whose timestamps are text.</summary>
        protected static DateTimeOffset ParseTimestamp(object? value) => (value is System.Management.Automation.PSObject pso ? pso.BaseObject : value) switch
        {
            DateTimeOffset dto => dto,
            DateTime dt => dt.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(dt, TimeSpan.Zero) : new DateTimeOffset(dt.ToUniversalTime()),
            string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            _ => throw new ArgumentException("A timestamp is an ISO 8601 text or a [DateTimeOffset]/[DateTime], not '" + value + "'."),
        };

        /// <summary>A column value with timestamps and dates as ISO 8601 text (yyyy-MM-dd for dates); any other value as it is.</summary>
        [MethodImpl(Hot.Optimize)]
        protected static object? IsoValue(object? value) => value switch
        {
            DateTimeOffset dto => ExportValueFormatter.Timestamp(dto),
            DateTime dt => ExportValueFormatter.DateOrTimestamp(dt),
            _ => value,
        };
    }
}
