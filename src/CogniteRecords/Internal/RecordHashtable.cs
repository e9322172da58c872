using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Runtime.CompilerServices;
using CogniteRecords.Core;
using CogniteRecords.Core.Export;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Internal
{
    /// <summary>
    /// -AsHashtable (Sync-CdfRecord, Get-CdfRecord): a record as an ordered hashtable, keys compared without case as
    /// PowerShell's [ordered]@{} does, with the flat record's keys in the flat record's order and the same values.
    /// </summary>
    internal static class RecordHashtable
    {
        [MethodImpl(Hot.Optimize)]
        public static OrderedDictionary From(SyncItem item, IReadOnlyList<string> names, bool withStatus, bool timestampsAsText)
        {
            var table = new OrderedDictionary(names.Count + 5, StringComparer.OrdinalIgnoreCase);
            table["Space"] = item.Space;
            table["ExternalId"] = item.ExternalId;
            if (withStatus) table["Status"] = item.Status;
            var created = DateTimeOffset.FromUnixTimeMilliseconds(item.CreatedTime);
            var updated = DateTimeOffset.FromUnixTimeMilliseconds(item.LastUpdatedTime);
            table["CreatedTime"] = timestampsAsText ? ExportValueFormatter.Timestamp(created) : (object)created;
            table["LastUpdatedTime"] = timestampsAsText ? ExportValueFormatter.Timestamp(updated) : (object)updated;
            var values = item.Values;
            for (var i = 0; i < names.Count; i++)
            {
                var value = values == null || i >= values.Length ? null : values[i];
                if (timestampsAsText)
                {
                    if (value is DateTimeOffset dto) value = ExportValueFormatter.Timestamp(dto);
                    else if (value is DateTime dt) value = ExportValueFormatter.DateOrTimestamp(dt);
                }
                table[names[i]] = value;
            }
            return table;
        }
    }
}
