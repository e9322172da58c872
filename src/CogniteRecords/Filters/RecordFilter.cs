using System;
using CogniteRecords.Core.Filters;

namespace CogniteRecords
{
    /// <summary>
    /// A validated records filter, made by New-CdfRecordFilter and taken by Sync-CdfRecord -Filter.
    /// <see cref="ToString"/> is the API's JSON, in a canonical form: two equal filters give the same text.
    /// </summary>
    public sealed class RecordFilter : IEquatable<RecordFilter>
    {
        internal RecordFilter(FilterNode node) => Node = node ?? throw new ArgumentNullException(nameof(node));

        // The engine's node stays internal: public surfaces expose no engine type.
        internal FilterNode Node { get; }

        /// <summary>The top-level operator (and, or, not, matchAll, exists, equals, in, prefix, range, containsAny, containsAll, hasData).</summary>
        public string Operator => Node.Operator;

        /// <summary>Filter objects in the tree (the API takes at most 100).</summary>
        public int NodeCount => Node.NodeCount;

        /// <summary>Nesting depth, the top-level filter being 1 (the API takes at most 10).</summary>
        public int Depth => Node.Depth;

        /// <summary>The API's JSON (canonical, compact).</summary>
        public string Json => Node.ToJson();

        /// <summary>Parses and validates a filter in the API's JSON shape.</summary>
        /// <exception cref="ArgumentException">The filter is invalid; the message names the offending part.</exception>
        public static RecordFilter Parse(string json)
        {
            try
            {
                return new RecordFilter(FilterParser.Parse(json));
            }
            catch (FilterValidationException e)
            {
                throw new ArgumentException(e.Message, nameof(json));
            }
        }

        /// <summary>The API's JSON.</summary>
        public override string ToString() => Node.ToJson();

        /// <summary>Equal when the canonical JSON is.</summary>
        public bool Equals(RecordFilter? other) => other != null && Node.Equals(other.Node);

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as RecordFilter);

        /// <inheritdoc />
        public override int GetHashCode() => Node.GetHashCode();
    }
}
