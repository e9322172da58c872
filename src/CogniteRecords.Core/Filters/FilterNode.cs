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
}
