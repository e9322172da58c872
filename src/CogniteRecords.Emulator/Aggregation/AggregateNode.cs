using System.Collections.Generic;
using System.Text.Json;
using CogniteRecords.Emulator.Storage;

namespace CogniteRecords.Emulator.Aggregation
{
    /// <summary>One validated aggregate of a request; it answers for a set of records.</summary>
    internal abstract class AggregateNode
    {
        protected AggregateNode(string id) => Id = id;

        public string Id { get; }

        /// <summary>Where the aggregate sits in the request (aggregates.byPlant...), for errors found while answering.</summary>
        public string Path { get; set; } = "";

        /// <summary>Writes this aggregate's result object (<c>{"count": 3}</c>, <c>{"uniqueValueBuckets": [...]}</c>, ...).</summary>
        public abstract void Write(Utf8JsonWriter w, IReadOnlyList<RecordVersion> records);

        /// <summary>Writes <c>{id: result, ...}</c> for a level without moving functions (they live in histograms only).</summary>
        public static void WriteLevel(Utf8JsonWriter w, IReadOnlyList<AggregateNode> nodes, IReadOnlyList<RecordVersion> records)
        {
            w.WriteStartObject();
            foreach (AggregateNode node in nodes)
            {
                w.WritePropertyName(node.Id);
                node.Write(w, records);
            }

            w.WriteEndObject();
        }
    }
}
