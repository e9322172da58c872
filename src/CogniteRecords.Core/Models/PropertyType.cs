using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Json;

namespace CogniteRecords.Core.Models
{
    /// <summary>A container property's type: the base type name ("text", "int64", ...) and whether it is a list.</summary>
    public sealed class PropertyType
    {
        public PropertyType(string type, bool list) { Type = type; List = list; }
        public string Type { get; }
        public bool List { get; }

        /// <summary>Whether the property may be left out or null (the API's default is true).</summary>
        public bool Nullable { get; set; } = true;

        /// <summary>An enum property's values, in the API's order (null for other types): records hold one of them as text.</summary>
        public IReadOnlyList<string>? EnumValues { get; set; }

        /// <summary>An enum's value for readers that meet a value they do not know; it cannot be written.</summary>
        public string? UnknownValue { get; set; }

        /// <summary>The property's readable name and description, when it has them.</summary>
        public string? Name { get; set; }
        public string? Description { get; set; }

        public override string ToString() => List ? Type + "[]" : Type;
    }
}
