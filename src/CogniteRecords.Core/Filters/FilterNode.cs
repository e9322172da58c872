using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace CogniteRecords.Core.Filters
{
    /// <summary>
    /// A validated records filter. Its JSON is canonical: two equal filters give the same text (the session
    /// cursor's key depends on it). Build one with <see cref="FilterParser.Parse"/>; every node it returns has
    /// passed every rule of the reference, and so has the whole tree (at most 100 nodes, depth at most 10).
    /// </summary>
    /// <remarks>
    /// Canonical JSON: one key per filter object (the operator, in the API's casing); inside a leaf the keys come
    /// in the order <c>property</c>, <c>value</c>/<c>values</c>, then the bounds <c>gt</c>, <c>gte</c>, <c>lt</c>,
    /// <c>lte</c>; container references are written <c>type</c>, <c>space</c>, <c>externalId</c>. Children of
    /// <c>and</c>/<c>or</c> and the items of <c>values</c> keep the order they were given in. Numbers with an
    /// integral value in the int64 range are written as integers (<c>20.0</c> becomes <c>20</c>), other numbers in
    /// their shortest round-trip form; JSON object values have their keys sorted (ordinal). No whitespace.
    /// </remarks>
    public abstract class FilterNode : IEquatable<FilterNode>
    {
        private string? _json;

        internal FilterNode() { }

        /// <summary>The operator key: <c>and</c>, <c>or</c>, <c>not</c>, <c>matchAll</c>, <c>exists</c>, <c>equals</c>, <c>in</c>, <c>prefix</c>, <c>range</c>, <c>containsAny</c>, <c>containsAll</c> or <c>hasData</c>.</summary>
        public abstract string Operator { get; }

        /// <summary>The filters directly inside this one (empty for leaves).</summary>
        public virtual IReadOnlyList<FilterNode> Children => Array.Empty<FilterNode>();

        /// <summary>Every filter object in the tree, this one included.</summary>
        public int NodeCount => 1 + Children.Sum(c => c.NodeCount);

        /// <summary>The nesting depth: a filter with no children has depth 1.</summary>
        public int Depth => 1 + (Children.Count == 0 ? 0 : Children.Max(c => c.Depth));

        /// <summary>Writes the filter in the API's JSON shape (canonical).</summary>
        public void WriteTo(Utf8JsonWriter writer)
        {
            if (writer == null) throw new ArgumentNullException(nameof(writer));
            writer.WriteStartObject();
            writer.WritePropertyName(Operator);
            WriteBody(writer);
            writer.WriteEndObject();
        }

        /// <summary>Writes what follows the operator key.</summary>
        protected abstract void WriteBody(Utf8JsonWriter writer);

        /// <summary>The canonical JSON text.</summary>
        public string ToJson()
        {
            if (_json != null) return _json;
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = FilterValue.Encoder }))
                {
                    WriteTo(writer);
                }
                _json = Encoding.UTF8.GetString(stream.ToArray());
            }
            return _json;
        }

        /// <inheritdoc />
        public override string ToString() => ToJson();

        /// <summary>Two filters are equal when their canonical JSON is.</summary>
        public bool Equals(FilterNode? other) => other != null && string.Equals(ToJson(), other.ToJson(), StringComparison.Ordinal);

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as FilterNode);

        /// <inheritdoc />
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToJson());
    }

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

    /// <summary><c>matchAll</c>: every record.</summary>
    public sealed class MatchAllFilter : FilterNode
    {
        internal MatchAllFilter() { }

        /// <inheritdoc />
        public override string Operator => "matchAll";

        /// <inheritdoc />
        protected override void WriteBody(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
    }

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

    /// <summary>
    /// A property reference: <c>[space, container, property]</c>, or one top-level field
    /// (<c>space</c>, <c>externalId</c>, <c>createdTime</c>, <c>lastUpdatedTime</c>).
    /// </summary>
    public sealed class PropertyReference : IEquatable<PropertyReference>
    {
        /// <summary>The top-level fields a filter can name, in the API's casing.</summary>
        public static readonly IReadOnlyList<string> TopLevelFields = new[] { "space", "externalId", "createdTime", "lastUpdatedTime" };

        private readonly string[] _path;

        internal PropertyReference(params string[] path) => _path = path;

        /// <summary>One or three strings.</summary>
        public IReadOnlyList<string> Path => _path;

        /// <summary>True for a top-level field.</summary>
        public bool IsTopLevel => _path.Length == 1;

        /// <summary>True for <c>createdTime</c>/<c>lastUpdatedTime</c>, which hold epoch milliseconds.</summary>
        public bool IsEpochTime => IsTopLevel && (_path[0] == "createdTime" || _path[0] == "lastUpdatedTime");

        internal void WriteTo(Utf8JsonWriter writer)
        {
            writer.WriteStartArray();
            foreach (var p in _path) writer.WriteStringValue(p);
            writer.WriteEndArray();
        }

        /// <summary><c>space/container/property</c>, or the field name.</summary>
        public override string ToString() => string.Join("/", _path);

        /// <inheritdoc />
        public bool Equals(PropertyReference? other) => other != null && _path.SequenceEqual(other._path, StringComparer.Ordinal);

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as PropertyReference);

        /// <inheritdoc />
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
    }

    /// <summary>A container reference, <c>{"type": "container", "space": ..., "externalId": ...}</c>.</summary>
    public sealed class ContainerReference
    {
        internal ContainerReference(string space, string externalId)
        {
            Space = space;
            ExternalId = externalId;
        }

        /// <summary>The container's space.</summary>
        public string Space { get; }

        /// <summary>The container's external id.</summary>
        public string ExternalId { get; }

        internal void WriteTo(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "container");
            writer.WriteString("space", Space);
            writer.WriteString("externalId", ExternalId);
            writer.WriteEndObject();
        }

        /// <summary><c>space/container</c>.</summary>
        public override string ToString() => Space + "/" + ExternalId;
    }
}
