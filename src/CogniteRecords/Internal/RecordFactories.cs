using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using CogniteRecords.Core;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Internal
{
    /// <summary>
    /// The values of flat and -Raw records alike: lists as <see cref="JsonArrayValue"/>, objects as
    /// <see cref="JsonObjectValue"/> (dot access, ConvertTo-Json), both printing compact JSON.
    /// </summary>
    internal sealed class RecordValueFactory : JsonValueFactory
    {
        public static readonly RecordValueFactory Instance = new RecordValueFactory();

        [MethodImpl(Hot.Optimize)]
        public override object CreateList(List<object?> items) => new JsonArrayValue(items.ToArray());

        [MethodImpl(Hot.Optimize)]
        public override object CreateObject(List<KeyValuePair<string, object?>> members)
        {
            var o = new JsonObjectValue(members.Count);
            foreach (var m in members) o[m.Key] = m.Value;
            return o;
        }
    }

    /// <summary>Builds the output objects of Sync-CdfRecord from the engine's compact items.</summary>
    internal sealed class RecordBuilder
    {
        public const string TypeName = "CogniteRecords.SyncRecord";
        public const string RawTypeName = "CogniteRecords.RawSyncRecord";

        private readonly string[] _names;
        private readonly Func<SyncRecord> _create;

        public RecordBuilder(RecordColumns columns)
        {
            Columns = columns;
            _names = new string[columns.Columns.Count];
            for (var i = 0; i < _names.Length; i++) _names[i] = columns.Columns[i].Name;
            _create = RecordTypeBuilder.FactoryFor(_names);
        }

        /// <summary>The sync's columns (their container property types, for Export-CdfRecord).</summary>
        public RecordColumns Columns { get; }

        /// <summary>The column names after the record fields.</summary>
        public IReadOnlyList<string> ColumnNames => _names;

        [MethodImpl(Hot.Optimize)]
        public SyncRecord Flat(SyncItem item)
        {
            var record = _create();
            record.Init(item, _names.Length, this);
            return record;
        }

        public static RawSyncRecord Raw(SyncItem item) => new RawSyncRecord(item);
    }
}
