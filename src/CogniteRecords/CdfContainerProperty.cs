using System;
using System.Collections.Generic;
using System.Linq;
using CogniteRecords.Core.Models;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Streams;

namespace CogniteRecords
{
    /// <summary>One property of a container: its id, type, whether it is a list, and whether it may be empty.</summary>
    public sealed class CdfContainerProperty
    {
        internal CdfContainerProperty(string name, PropertyType type)
        {
            Name = name; Type = type.Type; IsList = type.List; Nullable = type.Nullable; Values = type.EnumValues;
        }

        /// <summary>The property id: the column name in flat records.</summary>
        public string Name { get; }

        /// <summary>text, boolean, float32, float64, int32, int64, timestamp, date, json, direct or enum.</summary>
        public string Type { get; }

        /// <summary>An enum property's values (records hold one of them, read and written as text); null for other types.</summary>
        public IReadOnlyList<string>? Values { get; }

        /// <summary>Whether the property holds a list of values.</summary>
        public bool IsList { get; }

        /// <summary>Whether a record may leave the property out.</summary>
        public bool Nullable { get; }

        /// <inheritdoc />
        public override string ToString() =>
            Name + ":" + Type + (Values != null ? "(" + string.Join("|", Values) + ")" : "") + (IsList ? "[]" : "") + (Nullable ? "" : "!");
    }
}
