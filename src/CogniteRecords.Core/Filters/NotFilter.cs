using System.Collections.Generic;
using System.Text.Json;

namespace CogniteRecords.Core.Filters
{
    /// <summary><c>not</c>: one filter.</summary>
    public sealed class NotFilter : FilterNode
    {
        private readonly FilterNode[] _filter;

        internal NotFilter(FilterNode filter) => _filter = new[] { filter };

        /// <summary>The negated filter.</summary>
        public FilterNode Filter => _filter[0];

        /// <inheritdoc />
        public override string Operator => "not";

        /// <inheritdoc />
        public override IReadOnlyList<FilterNode> Children => _filter;

        /// <inheritdoc />
        protected override void WriteBody(Utf8JsonWriter writer) => Filter.WriteTo(writer);
    }
}
