using System.Collections.Generic;
using System.Text.Json;

namespace CogniteRecords.Core.Filters
{
    /// <summary>
    /// A leaf on one property: <c>exists</c>, <c>equals</c>, <c>in</c>, <c>prefix</c>, <c>range</c>,
    /// <c>containsAny</c> or <c>containsAll</c>.
    /// </summary>
    public sealed class PropertyFilter : FilterNode
    {
        private readonly string _operator;

        internal PropertyFilter(string op, PropertyReference property, FilterValue? value = null, IReadOnlyList<FilterValue>? values = null,
            FilterValue? gt = null, FilterValue? gte = null, FilterValue? lt = null, FilterValue? lte = null)
        {
            _operator = op;
            Property = property;
            Value = value;
            Values = values;
            Gt = gt;
            Gte = gte;
            Lt = lt;
            Lte = lte;
        }

        /// <inheritdoc />
        public override string Operator => _operator;

        /// <summary>The property the filter reads.</summary>
        public PropertyReference Property { get; }

        /// <summary>The value of <c>equals</c> and <c>prefix</c>.</summary>
        public FilterValue? Value { get; }

        /// <summary>The values of <c>in</c>, <c>containsAny</c>, <c>containsAll</c>.</summary>
        public IReadOnlyList<FilterValue>? Values { get; }

        /// <summary>Range bounds (null when absent).</summary>
        public FilterValue? Gt { get; }

        /// <summary>Range bounds (null when absent).</summary>
        public FilterValue? Gte { get; }

        /// <summary>Range bounds (null when absent).</summary>
        public FilterValue? Lt { get; }

        /// <summary>Range bounds (null when absent).</summary>
        public FilterValue? Lte { get; }

        /// <inheritdoc />
        protected override void WriteBody(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("property");
            Property.WriteTo(writer);
            if (Value != null)
            {
                writer.WritePropertyName("value");
                Value.WriteTo(writer);
            }
            if (Values != null)
            {
                writer.WritePropertyName("values");
                writer.WriteStartArray();
                foreach (var v in Values) v.WriteTo(writer);
                writer.WriteEndArray();
            }
            WriteBound(writer, "gt", Gt);
            WriteBound(writer, "gte", Gte);
            WriteBound(writer, "lt", Lt);
            WriteBound(writer, "lte", Lte);
            writer.WriteEndObject();
        }

        private static void WriteBound(Utf8JsonWriter writer, string name, FilterValue? bound)
        {
            if (bound == null) return;
            writer.WritePropertyName(name);
            bound.WriteTo(writer);
        }
    }
}
