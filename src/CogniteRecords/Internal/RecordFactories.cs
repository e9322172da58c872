using System;
using System.Collections.Generic;
using System.Management.Automation;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Internal
{
    /// <summary>Flat records: lists and objects as JSON-printing values (see <see cref="JsonArrayValue"/>).</summary>
    internal sealed class FlatValueFactory : JsonValueFactory
    {
        public static readonly FlatValueFactory Instance = new FlatValueFactory();

        public override object CreateList(List<object?> items) => new JsonArrayValue(items.ToArray());

        public override object CreateObject(List<KeyValuePair<string, object?>> members)
        {
            var o = new JsonObjectValue(members.Count);
            foreach (var m in members) o[m.Key] = m.Value;
            return o;
        }
    }

    /// <summary>-Raw: the API's nested shape as PSCustomObjects and arrays, for ConvertTo-Json and dot access.</summary>
    internal sealed class RawValueFactory : JsonValueFactory
    {
        public static readonly RawValueFactory Instance = new RawValueFactory();

        public override object CreateList(List<object?> items) => items.ToArray();

        public override object CreateObject(List<KeyValuePair<string, object?>> members)
        {
            var o = new PSObject();
            foreach (var m in members) o.Properties.Add(new PSNoteProperty(m.Key, m.Value));
            return o;
        }
    }

    /// <summary>Builds the output objects of Sync-CdfRecord from the engine's compact items.</summary>
    internal sealed class RecordBuilder
    {
        public const string TypeName = "CogniteRecords.SyncRecord";
        public const string RawTypeName = "CogniteRecords.SyncRecord.Raw";

        private readonly string[] _names;

        public RecordBuilder(RecordColumns columns)
        {
            _names = new string[columns.Columns.Count];
            for (var i = 0; i < _names.Length; i++) _names[i] = columns.Columns[i].Name;
        }

        /// <summary>The column names after the record fields.</summary>
        public IReadOnlyList<string> ColumnNames => _names;

        public PSObject Flat(SyncItem item)
        {
            var o = new PSObject();
            o.TypeNames.Insert(0, TypeName);
            var props = o.Properties;
            props.Add(new PSNoteProperty("Space", item.Space));
            props.Add(new PSNoteProperty("ExternalId", item.ExternalId));
            props.Add(new PSNoteProperty("Status", item.Status));
            props.Add(new PSNoteProperty("CreatedTime", DateTimeOffset.FromUnixTimeMilliseconds(item.CreatedTime)));
            props.Add(new PSNoteProperty("LastUpdatedTime", DateTimeOffset.FromUnixTimeMilliseconds(item.LastUpdatedTime)));
            var values = item.Values;
            for (var i = 0; i < _names.Length; i++) props.Add(new PSNoteProperty(_names[i], values?[i]));
            return o;
        }

        public static PSObject Raw(SyncItem item)
        {
            var o = new PSObject();
            o.TypeNames.Insert(0, RawTypeName);
            var props = o.Properties;
            props.Add(new PSNoteProperty("space", item.Space));
            props.Add(new PSNoteProperty("externalId", item.ExternalId));
            props.Add(new PSNoteProperty("createdTime", item.CreatedTime));
            props.Add(new PSNoteProperty("lastUpdatedTime", item.LastUpdatedTime));
            props.Add(new PSNoteProperty("status", item.Status));
            if (item.Properties != null) props.Add(new PSNoteProperty("properties", item.Properties));
            return o;
        }
    }
}
