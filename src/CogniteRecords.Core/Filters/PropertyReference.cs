using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace CogniteRecords.Core.Filters
{
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
}
