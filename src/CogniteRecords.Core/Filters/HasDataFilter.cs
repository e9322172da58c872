using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace CogniteRecords.Core.Filters
{
    /// <summary><c>hasData</c>: 1–10 containers the record has data in.</summary>
    public sealed class HasDataFilter : FilterNode
    {
        private readonly ContainerReference[] _containers;

        internal HasDataFilter(IEnumerable<ContainerReference> containers) => _containers = containers.ToArray();

        /// <summary>The containers.</summary>
        public IReadOnlyList<ContainerReference> Containers => _containers;

        /// <inheritdoc />
        public override string Operator => "hasData";

        /// <inheritdoc />
        protected override void WriteBody(Utf8JsonWriter writer)
        {
            writer.WriteStartArray();
            foreach (var c in _containers) c.WriteTo(writer);
            writer.WriteEndArray();
        }
    }
}
