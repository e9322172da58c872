using CogniteRecords.Core.Records;

namespace CogniteRecords.Core.Export
{
    /// <summary>One column of an export: its name and the kind of value it holds (what Parquet types it as).</summary>
    public sealed class ExportColumn
    {
        public ExportColumn(string name, ValueKind kind, bool isList = false)
        {
            Name = name; Kind = kind; IsList = isList;
        }

        public string Name { get; }

        /// <summary>The value kind; <see cref="ValueKind.Json"/> (and every list) is written as JSON.</summary>
        public ValueKind Kind { get; }

        public bool IsList { get; }

        /// <summary>Whether the column holds JSON text in CSV and Parquet (lists, JSON objects, direct relations).</summary>
        public bool IsJson => IsList || Kind == ValueKind.Json || Kind == ValueKind.Direct;

        public override string ToString() => Name;
    }
}
