using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CogniteRecords.Core.Models;

namespace CogniteRecords.Core.Records
{
    /// <summary>One output column: a container property and the name it gets on the flat record.</summary>
    public sealed class RecordColumn
    {
        internal RecordColumn(int ordinal, string name, string space, string container, string property, PropertyType type)
        {
            Ordinal = ordinal; Name = name; Space = space; Container = container; Property = property; Type = type;
            Kind = KindOf(type.Type);
            PropertyUtf8 = Encoding.UTF8.GetBytes(property);
        }

        public int Ordinal { get; }

        /// <summary>The name on the flat record: the property id, qualified only when it would clash.</summary>
        public string Name { get; }
        public string Space { get; }
        public string Container { get; }
        public string Property { get; }
        public PropertyType Type { get; }
        public ValueKind Kind { get; }
        public bool IsList => Type.List;
        internal byte[] PropertyUtf8 { get; }

        private static ValueKind KindOf(string type) => type switch
        {
            // An enum value is one of a fixed set of strings: read as text.
            "text" or "enum" => ValueKind.Text,
            "boolean" => ValueKind.Boolean,
            "float32" or "float64" => ValueKind.Float,
            "int32" => ValueKind.Int32,
            "int64" => ValueKind.Int64,
            "timestamp" => ValueKind.Timestamp,
            "date" => ValueKind.Date,
            "direct" => ValueKind.Direct,
            _ => ValueKind.Json,
        };
    }
}
