using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace CogniteRecords.Core.Filters
{
    /// <summary><c>and</c> or <c>or</c>: 1–99 filters.</summary>
    public sealed class BooleanFilter : FilterNode
    {
        private readonly string _operator;
        private readonly FilterNode[] _filters;

        internal BooleanFilter(string op, IEnumerable<FilterNode> filters)
        {
            _operator = op;
            _filters = filters.ToArray();
        }

        /// <inheritdoc />
        public override string Operator => _operator;

        /// <inheritdoc />
        public override IReadOnlyList<FilterNode> Children => _filters;

        /// <inheritdoc />
        protected override void WriteBody(Utf8JsonWriter writer)
        {
            writer.WriteStartArray();
            foreach (var f in _filters) f.WriteTo(writer);
            writer.WriteEndArray();
        }
    }
}
