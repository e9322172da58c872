using System;
using System.Collections.Generic;
using System.Text.Json;
using CogniteRecords.Core.Filters;
using CogniteRecords.Core.Json;

namespace CogniteRecords.Core.Records
{
    /// <summary>The request shapes of the records calls (beside <see cref="ApiJson"/>, in the same style).</summary>
    public static class RecordsJson
    {
        /// <summary>The body of POST /streams/{id}/records/filter.</summary>
        public static void WriteFilterBody(Utf8JsonWriter w, IReadOnlyList<SourceSelection> sources, FilterNode? filter, IReadOnlyList<RecordSort> sort,
            UpdatedWindow window, int limit)
        {
            w.WriteStartObject();
            ApiJson.WriteSourcesAndFilter(w, sources, filter);
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
            if (window.From != null || window.To != null)
            {
                w.WriteStartObject("lastUpdatedTime");
                if (window.From is long f) w.WriteNumber("gte", f);
                if (window.To is long t) w.WriteNumber("lt", t);
                w.WriteEndObject();
            }
            w.WriteNumber("limit", limit);
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
    }
}
