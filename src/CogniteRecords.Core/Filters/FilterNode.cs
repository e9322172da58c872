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

        // ---- factories: each node validated as FilterParser.Parse validates it, errors naming the same parts ----
        // A property is 'space/container/property', a top-level field (PropertyReference.TopLevelFields) or an array of
        // 1 or 3 strings; values are plain .NET data (strings, numbers, booleans, DateTime/DateTimeOffset, dictionaries).

        /// <summary><c>equals</c>: the property has this value (not null, not a list).</summary>
        public static new FilterNode Equals(object? property, object? value) =>
            FilterParser.EqualsLeaf(FilterParser.LeafProperty("equals", property, "equals"), value, "equals");

        /// <summary><c>in</c>: the property has one of these values (1–100; one value stands for a list of one).</summary>
        public static FilterNode In(object? property, object? values) => ValuesLeaf("in", property, values);

        /// <summary><c>containsAny</c>: the list property holds at least one of these values.</summary>
        public static FilterNode ContainsAny(object? property, object? values) => ValuesLeaf("containsAny", property, values);

        /// <summary><c>containsAll</c>: the list property holds every one of these values.</summary>
        public static FilterNode ContainsAll(object? property, object? values) => ValuesLeaf("containsAll", property, values);

        private static FilterNode ValuesLeaf(string op, object? property, object? values) =>
            FilterParser.ValuesLeaf(op, FilterParser.LeafProperty(op, property, op), values, op);

        /// <summary><c>prefix</c>: the text property starts with this value (1–500 characters).</summary>
        public static FilterNode Prefix(object? property, object? value) =>
            FilterParser.PrefixLeaf(FilterParser.LeafProperty("prefix", property, "prefix"), value, "prefix");

        /// <summary><c>exists</c>: the container property has a value.</summary>
        public static FilterNode Exists(object? property) => new PropertyFilter("exists", FilterParser.LeafProperty("exists", property, "exists"));

        /// <summary><c>range</c> from its bounds, named <c>gt</c>, <c>gte</c>, <c>lt</c>, <c>lte</c> (at least one; one lower and one upper at most).</summary>
        public static FilterNode Range(object? property, IEnumerable<KeyValuePair<string, object?>> bounds) =>
            FilterParser.RangeLeaf(property, bounds ?? throw new ArgumentNullException(nameof(bounds)), "range");

        /// <summary><c>and</c>: every one of these filters (1–99: nodes, or filter data as <see cref="FilterParser.Parse"/> takes it).</summary>
        public static FilterNode And(IEnumerable<object?> filters) => Boolean("and", filters);

        /// <summary><c>or</c>: at least one of these filters (1–99).</summary>
        public static FilterNode Or(IEnumerable<object?> filters) => Boolean("or", filters);

        private static FilterNode Boolean(string op, IEnumerable<object?> filters) =>
            FilterParser.CheckNodeCount(FilterParser.ParseBoolean(op, (filters ?? throw new ArgumentNullException(nameof(filters))).ToList(), op, 1));

        /// <summary><c>not</c>: the opposite of this filter (a node, or filter data).</summary>
        public static FilterNode Not(object? filter) => FilterParser.CheckNodeCount(FilterParser.ParseNot(filter, "not", 1));

        /// <summary><c>not exists</c>: the property is missing (what <c>-eq $null</c> means).</summary>
        public static FilterNode Missing(object? property) =>
            new NotFilter(new PropertyFilter("exists", FilterParser.LeafProperty("exists", property, "not.exists")));

        /// <summary><c>hasData</c>: the record has data in one of these containers ('space/container' or references; 1–10).</summary>
        public static FilterNode HasData(IEnumerable<object?> containers) =>
            FilterParser.ParseHasData((containers ?? throw new ArgumentNullException(nameof(containers))).ToList(), "hasData");

        /// <summary><c>matchAll</c>: every record.</summary>
        public static FilterNode MatchAll() => new MatchAllFilter();
    }
}
