using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using CogniteRecords.Core;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Internal
{
    /// <summary>
    /// Builds the output objects of Sync-CdfRecord and Get-CdfRecord from the engine's compact items. A flat record's
    /// properties are typed by the container property types (int64 → long?, timestamp → DateTimeOffset?, ...); a record
    /// holding a value its typed property cannot hold (the property's type changed in the container since the record
    /// was written) is made of a second class of the same columns with untyped (object) properties, its values
    /// unchanged, and the call is told once (<see cref="Untyped"/>).
    /// </summary>
    internal sealed class RecordBuilder
    {
        private readonly string[] _names;
        private readonly Func<Record> _create;
        private Func<Record>? _createUntyped;
        private readonly bool _timestampsAsText;
        private readonly bool _withStatus;

        // Per column: the value type the typed property holds, a second one it also holds (ISO 8601 text in place of
        // a timestamp or date with -TimestampFormat Iso8601), or null for an object property that holds anything.
        private readonly Type?[] _holds;
        private readonly Type?[] _alsoHolds;
        private readonly bool _check;
        private int _untypedTold;

        /// <param name="columns">The call's columns, with their container property types.</param>
        /// <param name="timestampsAsText">Sync-CdfRecord -TimestampFormat Iso8601: the records' properties give timestamps
        /// and dates as ISO 8601 text; their fields (which Export-CdfRecord reads) keep their types.</param>
        /// <param name="withStatus">Sync-CdfRecord: <see cref="SyncRecord"/>s with Status (and Status in -AsHashtable's
        /// tables). Get-CdfRecord: <see cref="Record"/>s without (the filter endpoint gives current records).</param>
        public RecordBuilder(RecordColumns columns, bool timestampsAsText = false, bool withStatus = true)
        {
            Columns = columns;
            var count = columns.Columns.Count;
            _names = new string[count];
            var types = new Type[count];
            _holds = new Type?[count];
            _alsoHolds = new Type?[count];
            for (var i = 0; i < count; i++)
            {
                var column = columns.Columns[i];
                _names[i] = column.Name;
                (types[i], _holds[i], _alsoHolds[i]) = PropertyType(column, timestampsAsText);
                _check |= _holds[i] != null;
            }
            _create = RecordTypeBuilder.FactoryFor(_names, types, timestampsAsText, withStatus);
            _timestampsAsText = timestampsAsText;
            _withStatus = withStatus;
        }

        /// <summary>
        /// The property type of a column and the value types it holds. Lists are <see cref="JsonArrayValue"/>s, direct
        /// relations <see cref="JsonObjectValue"/>s; json (any JSON value) stays <see cref="object"/>.
        /// </summary>
        internal static (Type Property, Type? Holds, Type? AlsoHolds) PropertyType(RecordColumn column, bool timestampsAsText)
        {
            if (column.IsList) return (typeof(JsonArrayValue), typeof(JsonArrayValue), null);
            switch (column.Kind)
            {
                case ValueKind.Text: return (typeof(string), typeof(string), null);
                case ValueKind.Boolean: return (typeof(bool?), typeof(bool), null);
                case ValueKind.Float: return (typeof(double?), typeof(double), null);
                case ValueKind.Int32: return (typeof(int?), typeof(int), null);
                case ValueKind.Int64: return (typeof(long?), typeof(long), null);
                case ValueKind.Timestamp:
                    return timestampsAsText ? (typeof(string), typeof(DateTimeOffset), typeof(string)) : (typeof(DateTimeOffset?), typeof(DateTimeOffset), null);
                case ValueKind.Date:
                    return timestampsAsText ? (typeof(string), typeof(DateTime), typeof(string)) : (typeof(DateTime?), typeof(DateTime), null);
                case ValueKind.Direct: return (typeof(JsonObjectValue), typeof(JsonObjectValue), null);
                default: return (typeof(object), null, null);
            }
        }

        /// <summary>-AsHashtable: <see cref="Output"/> gives ordered hashtables instead of record objects.</summary>
        public bool AsHashtable { get; private set; }

        /// <summary>This builder, set to write ordered hashtables when <paramref name="asHashtable"/> is true.</summary>
        public RecordBuilder Shaped(bool asHashtable)
        {
            AsHashtable = asHashtable;
            return this;
        }

        /// <summary>
        /// Told once per builder (from the thread that builds records), with a message for a warning, when a record is
        /// made with untyped properties because a value does not fit its column's type.
        /// </summary>
        public Action<string>? Untyped { get; set; }

        /// <summary>The output object of an item: the flat record, or with -AsHashtable its ordered hashtable.</summary>
        [MethodImpl(Hot.Optimize)]
        public object Output(SyncItem item) => AsHashtable ? RecordHashtable.From(item, _names, _withStatus, _timestampsAsText) : Flat(item);

        /// <summary>The call's columns (their container property types, for Export-CdfRecord).</summary>
        public RecordColumns Columns { get; }

        /// <summary>The column names after the record fields.</summary>
        public IReadOnlyList<string> ColumnNames => _names;

        [MethodImpl(Hot.Optimize)]
        public Record Flat(SyncItem item)
        {
            var values = item.Values;
            var record = _check && values != null && Misfit(values) is int misfit ? UntypedRecord(item, misfit) : _create();
            if (_withStatus) ((SyncRecord)record).InitWithStatus(item, _names.Length, this);
            else record.Init(item, _names.Length, this);
            return record;
        }

        /// <summary>The first column whose value its typed property cannot hold, or null when every value fits.</summary>
        [MethodImpl(Hot.Optimize)]
        private int? Misfit(object?[] values)
        {
            var holds = _holds;
            var n = Math.Min(values.Length, holds.Length);
            for (var i = 0; i < n; i++)
            {
                var value = values[i];
                var type = holds[i];
                if (value == null || type == null) continue;
                var actual = value.GetType();
                if (actual != type && actual != _alsoHolds[i]) return i;
            }
            return null;
        }

        private Record UntypedRecord(SyncItem item, int misfit)
        {
            if (Interlocked.Exchange(ref _untypedTold, 1) == 0 && Untyped is Action<string> tell)
            {
                var column = Columns.Columns[misfit];
                var value = item.Values![misfit]!;
                var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                if (text.Length > 40) text = text.Substring(0, 37) + "...";
                tell(string.Format(CultureInfo.InvariantCulture,
                    "The record {0}/{1} holds '{2}' ([{3}]) in the column '{4}', whose container property type ({5}{6}) makes its property [{7}]: " +
                    "the property's type may have changed in the container since the record was written. Records like it are written with untyped " +
                    "([object]) properties, their values unchanged; check for them with $record.GetType().GetProperty('{4}').PropertyType. " +
                    "This is said once per call.",
                    item.Space, item.ExternalId, text, value.GetType().FullName, column.Name, column.Type.Type, column.IsList ? " list" : "",
                    Friendly(PropertyType(column, _timestampsAsText).Property)));
            }
            var create = _createUntyped;
            if (create == null)
            {
                var types = new Type[_names.Length];
                for (var i = 0; i < types.Length; i++) types[i] = typeof(object);
                _createUntyped = create = RecordTypeBuilder.FactoryFor(_names, types, _timestampsAsText, _withStatus);
            }
            return create();
        }

        private static string Friendly(Type type) =>
            Nullable.GetUnderlyingType(type) is Type inner ? inner.Name + "?" : type.FullName ?? type.Name;

        public static RawSyncRecord Raw(SyncItem item) => new RawSyncRecord(item);
    }
}
