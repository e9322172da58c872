using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CogniteRecords.Emulator.Filtering;
using CogniteRecords.Emulator.Storage;

namespace CogniteRecords.Emulator.Aggregation
{
    /// <summary>filters: one bucket per filter, in request order.</summary>
    internal sealed class FiltersNode : AggregateNode
    {
        private readonly IReadOnlyList<RecordFilterEvaluator> _filters;
        private readonly IReadOnlyList<AggregateNode> _children;

        public FiltersNode(string id, IReadOnlyList<RecordFilterEvaluator> filters, IReadOnlyList<AggregateNode> children) : base(id)
        {
            _filters = filters;
            _children = children;
        }

        public override void Write(Utf8JsonWriter w, IReadOnlyList<RecordVersion> records)
        {
            w.WriteStartObject();
            w.WriteStartArray("filterBuckets");
            foreach (RecordFilterEvaluator f in _filters)
            {
                var matching = records.Where(r => f.Matches(r)).ToList();
                w.WriteStartObject();
                w.WriteNumber("count", matching.Count);
                if (_children.Count > 0)
                {
                    w.WritePropertyName("aggregates");
                    WriteLevel(w, _children, matching);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
    }
}
