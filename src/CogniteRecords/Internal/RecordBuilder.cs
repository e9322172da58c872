using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using CogniteRecords.Core;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Internal
{
    /// <summary>Builds the output objects of Sync-CdfRecord and Get-CdfRecord from the engine's compact items.</summary>
    internal sealed class RecordBuilder
    {
        public const string TypeName = "CogniteRecords.SyncRecord";
        public const string RawTypeName = "CogniteRecords.RawSyncRecord";

        private readonly string[] _names;
        private readonly Func<Record> _create;
        private readonly bool _timestampsAsText;
        private readonly bool _withStatus;

        /// <param name="timestampsAsText">Sync-CdfRecord -TimestampFormat Iso8601: the records' properties give timestamps
        /// and dates as ISO 8601 text; their fields (which Export-CdfRecord reads) keep their types.</param>
        /// <param name="withStatus">Sync-CdfRecord: <see cref="SyncRecord"/>s with Status (and Status in -AsHashtable's
        /// tables). Get-CdfRecord: <see cref="Record"/>s without (the filter endpoint gives current records).</param>
        public RecordBuilder(RecordColumns columns, bool timestampsAsText = false, bool withStatus = true)
        {
            Columns = columns;
            _names = new string[columns.Columns.Count];
            for (var i = 0; i < _names.Length; i++) _names[i] = columns.Columns[i].Name;
            _create = RecordTypeBuilder.FactoryFor(_names, timestampsAsText, withStatus);
            _timestampsAsText = timestampsAsText;
            _withStatus = withStatus;
        }

        /// <summary>-AsHashtable: <see cref="Output"/> gives ordered hashtables instead of record objects.</summary>
        public bool AsHashtable { get; private set; }

        /// <summary>This builder, set to write ordered hashtables when <paramref name="asHashtable"/> is true.</summary>
        public RecordBuilder Shaped(bool asHashtable)
        {
            AsHashtable = asHashtable;
            return this;
        }

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
            var record = _create();
            if (_withStatus) ((SyncRecord)record).InitWithStatus(item, _names.Length, this);
            else record.Init(item, _names.Length, this);
            return record;
        }

        public static RawSyncRecord Raw(SyncItem item) => new RawSyncRecord(item);
    }
}
