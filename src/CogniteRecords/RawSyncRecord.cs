using System.Collections.Specialized;
using CogniteRecords.Commands;
using CogniteRecords.Core.Json;
using CogniteRecords.Core.Records;

namespace CogniteRecords
{
    /// <summary>
    /// A record written by Sync-CdfRecord -Raw: the API's nested shape, with times in epoch milliseconds and
    /// properties as space → container → property → value.
    /// </summary>
    public sealed class RawSyncRecord
    {
        internal RawSyncRecord(SyncItem item)
        {
            space = item.Space;
            externalId = item.ExternalId;
            createdTime = item.CreatedTime;
            lastUpdatedTime = item.LastUpdatedTime;
            status = item.Status;
            properties = item.Properties as JsonObjectValue;
        }

#pragma warning disable IDE1006 // The API's own names, so that ConvertTo-Json writes its shape.
        /// <summary>The record's space.</summary>
        public string space { get; set; }
        /// <summary>The record's external id.</summary>
        public string externalId { get; set; }
        /// <summary>Epoch milliseconds.</summary>
        public long createdTime { get; set; }
        /// <summary>Epoch milliseconds.</summary>
        public long lastUpdatedTime { get; set; }
        /// <summary>created, updated or deleted.</summary>
        public string status { get; set; }
        /// <summary>space → container → property → value; null for a tombstone.</summary>
        public JsonObjectValue? properties { get; set; }
#pragma warning restore IDE1006

        /// <summary>space/externalId</summary>
        public override string ToString() => space + "/" + externalId;

        /// <summary>
        /// The item as compact JSON in the API's shape, whole at any depth. <c>ConvertTo-Json</c> writes these objects the
        /// same way but stops at its -Depth (2 unless given; the properties are four levels down): <c>Sync-CdfRecord -Raw |
        /// ForEach-Object ToJson</c> gives one JSON text per record (JSON Lines) without a -Depth to choose.
        /// </summary>
        public string ToJson()
        {
            var item = new OrderedDictionary(6)
            {
                { nameof(space), space },
                { nameof(externalId), externalId },
                { nameof(createdTime), createdTime },
                { nameof(lastUpdatedTime), lastUpdatedTime },
                { nameof(status), status },
                { nameof(properties), properties },
            };
            return CompactJson.Serialize(item, ExportCdfRecordCommand.Plain);
        }
    }
}
