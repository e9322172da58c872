using System;
using System.Collections.Generic;
using System.Text.Json;
using CogniteRecords.Core.Records;

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

        /// <summary>{"items": [{"space"}...]}: the body of spaces byids and delete.</summary>
        public static void WriteSpaceIds(Utf8JsonWriter w, IReadOnlyList<string> spaces)
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (var space in spaces)
            {
                w.WriteStartObject();
                w.WriteString("space", space);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }

        /// <summary>{"items": [{"space", "name"?, "description"?}...]}: the body of POST /models/spaces.</summary>
        public static void WriteSpaces(Utf8JsonWriter w, IReadOnlyList<Models.SpaceDefinition> spaces)
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (var s in spaces)
            {
                w.WriteStartObject();
                w.WriteString("space", s.Space);
                if (s.Name != null) w.WriteString("name", s.Name);
                if (s.Description != null) w.WriteString("description", s.Description);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }

        /// <summary>
        /// The body of POST /models/containers: each container with its properties, each property as
        /// {"type": {"type", "list"} or {"type": "enum", "values": {...}, "unknownValue"?}, "nullable", "name"?, "description"?}.
        /// </summary>
        public static void WriteContainers(Utf8JsonWriter w, IReadOnlyList<Models.ContainerDefinition> containers)
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (var c in containers)
            {
                w.WriteStartObject();
                w.WriteString("space", c.Space);
                w.WriteString("externalId", c.ExternalId);
                if (c.Name != null) w.WriteString("name", c.Name);
                if (c.Description != null) w.WriteString("description", c.Description);
                w.WriteString("usedFor", c.UsedFor ?? "record");
                w.WriteStartObject("properties");
                foreach (var p in c.Properties)
                {
                    var t = p.Value;
                    w.WriteStartObject(p.Key);
                    w.WriteStartObject("type");
                    w.WriteString("type", t.Type);
                    if (t.EnumValues != null)
                    {
                        // An enum is never a list; its values are the keys of an object (name and description left out).
                        w.WriteStartObject("values");
                        foreach (var v in t.EnumValues)
                        {
                            w.WriteStartObject(v);
                            w.WriteEndObject();
                        }
                        w.WriteEndObject();
                        if (t.UnknownValue != null) w.WriteString("unknownValue", t.UnknownValue);
                    }
                    else
                    {
                        w.WriteBoolean("list", t.List);
                    }
                    w.WriteEndObject();
                    w.WriteBoolean("nullable", t.Nullable);
                    if (t.Name != null) w.WriteString("name", t.Name);
                    if (t.Description != null) w.WriteString("description", t.Description);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }

        /// <summary>The body of POST /streams/{id}/records/aggregate: lastUpdatedTime [from, to), filter, aggregates.</summary>
        public static void WriteAggregateBody(Utf8JsonWriter w, Filters.FilterNode? filter, long? updatedFrom, long? updatedTo,
            IReadOnlyList<KeyValuePair<string, Aggregates.AggregateSpec>> aggregates)
        {
            w.WriteStartObject();
            WriteUpdatedWindow(w, updatedFrom, updatedTo);
            if (filter != null)
            {
                w.WritePropertyName("filter");
                filter.WriteTo(w);
            }
            w.WritePropertyName("aggregates");
            Aggregates.AggregateSpec.WriteLevel(w, aggregates);
            w.WriteEndObject();
        }

        /// <summary>The body of POST /streams/{id}/records/filter.</summary>
        public static void WriteFilterBody(Utf8JsonWriter w, IReadOnlyList<SourceSelection> sources, Filters.FilterNode? filter, IReadOnlyList<RecordSort> sort,
            UpdatedWindow window, int limit)
        {
            w.WriteStartObject();
            WriteSourcesAndFilter(w, sources, filter);
            if (sort.Count > 0)
            {
                w.WriteStartArray("sort");
                foreach (var s in sort)
                {
                    w.WriteStartObject();
                    w.WriteStartArray("property");
                    foreach (var p in s.Property) w.WriteStringValue(p);
                    w.WriteEndArray();
                    w.WriteString("direction", s.Descending ? "descending" : "ascending");
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            WriteUpdatedWindow(w, window.From, window.To);
            w.WriteNumber("limit", limit);
            w.WriteEndObject();
        }

        /// <summary>"lastUpdatedTime": {"gte"?, "lt"?}: the window [from, to) of the filter and aggregate bodies; left out when open.</summary>
        private static void WriteUpdatedWindow(Utf8JsonWriter w, long? from, long? to)
        {
            if (from == null && to == null) return;
            w.WriteStartObject("lastUpdatedTime");
            if (from is long f) w.WriteNumber("gte", f);
            if (to is long t) w.WriteNumber("lt", t);
            w.WriteEndObject();
        }

        /// <summary>{"items": [raw item JSON, ...]}: the body of ingest, upsert and delete, from pre-serialized items.</summary>
        public static void WriteItems(Utf8JsonWriter w, IReadOnlyList<PendingRecord> items)
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (var item in items) w.WriteRawValue(item.Json, skipInputValidation: true);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        /// <summary>The size in bytes of <see cref="WriteItems"/>' output for items of these sizes: {"items":[a,b,...]}.</summary>
        public static long BodySize(long itemBytes, int count) => 12 + itemBytes + Math.Max(0, count - 1);

        /// <summary>{"space", "externalId"}: a record's identifier, the item of a records delete.</summary>
        public static void WriteRecordId(Utf8JsonWriter w, string space, string externalId)
        {
            w.WriteStartObject();
            w.WriteString("space", space);
            w.WriteString("externalId", externalId);
            w.WriteEndObject();
        }

        /// <summary>{"items": [{"externalId", "settings": {"template": {"name"}}}]}: the body of POST /streams.</summary>
        public static void WriteStreamCreate(Utf8JsonWriter w, string streamId, string template)
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            w.WriteStartObject();
            w.WriteString("externalId", streamId);
            w.WriteStartObject("settings");
            w.WriteStartObject("template");
            w.WriteString("name", template);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        /// <summary>{"items": [{"externalId"}]}: the body of POST /streams/delete.</summary>
        public static void WriteStreamId(Utf8JsonWriter w, string streamId)
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            w.WriteStartObject();
            w.WriteString("externalId", streamId);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
    }
}
