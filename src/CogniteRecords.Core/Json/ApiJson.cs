using System.Collections.Generic;
using System.Text.Json;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Core.Json
{
    /// <summary>The one place that writes the API's request shapes.</summary>
    public static class ApiJson
    {
        /// <summary>{"type": "container", "space": .., "externalId": ..}</summary>
        public static void WriteContainerReference(Utf8JsonWriter w, string space, string externalId)
        {
            w.WriteStartObject();
            w.WriteString("type", "container");
            w.WriteString("space", space);
            w.WriteString("externalId", externalId);
            w.WriteEndObject();
        }

        /// <summary>{"items": [{"space", "externalId"}...]}</summary>
        public static void WriteContainerIds(Utf8JsonWriter w, IReadOnlyList<(string Space, string ExternalId)> ids)
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (var (space, id) in ids)
            {
                w.WriteStartObject();
                w.WriteString("space", space);
                w.WriteString("externalId", id);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }

        /// <summary>The "sources" and "filter" members that the sync and filter bodies share; each left out when empty.</summary>
        public static void WriteSourcesAndFilter(Utf8JsonWriter w, IReadOnlyList<SourceSelection> sources, Filters.FilterNode? filter)
        {
            if (sources.Count > 0)
            {
                w.WriteStartArray("sources");
                foreach (var s in sources)
                {
                    w.WriteStartObject();
                    w.WritePropertyName("source");
                    WriteContainerReference(w, s.Space, s.Container);
                    w.WriteStartArray("properties");
                    foreach (var p in s.Properties) w.WriteStringValue(p);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            if (filter != null)
            {
                w.WritePropertyName("filter");
                filter.WriteTo(w);
            }
        }

        /// <summary>The body of POST /streams/{id}/records/sync.</summary>
        public static void WriteSyncBody(Utf8JsonWriter w, IReadOnlyList<SourceSelection> sources, Filters.FilterNode? filter,
            string? cursor, string? initializeCursor, int limit)
        {
            w.WriteStartObject();
            WriteSourcesAndFilter(w, sources, filter);
            if (cursor != null) w.WriteString("cursor", cursor);
            else if (initializeCursor != null) w.WriteString("initializeCursor", initializeCursor);
            w.WriteNumber("limit", limit);
            w.WriteEndObject();
        }
    }
}
