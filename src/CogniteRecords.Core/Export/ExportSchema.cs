using System;
using System.Collections.Generic;
using System.Linq;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Core.Export
{
    /// <summary>The file formats Export-CdfRecord writes.</summary>
    public enum ExportFormat
    {
        Csv, JsonLines, Parquet,
    }

    /// <summary>The shape of the rows: a flat record (the five record fields, then the properties), a -Raw item, or any object's properties.</summary>
    public enum ExportShape
    {
        Flat, Raw, Properties,
    }

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

    /// <summary>The columns of one export, the same for every row of the call.</summary>
    public sealed class ExportSchema
    {
        public ExportSchema(ExportShape shape, IReadOnlyList<ExportColumn> columns)
        {
            Shape = shape; Columns = columns;
        }

        public ExportShape Shape { get; }

        /// <summary>Every column; for <see cref="ExportShape.Flat"/> the record fields come first.</summary>
        public IReadOnlyList<ExportColumn> Columns { get; }

        public IEnumerable<string> Names => Columns.Select(c => c.Name);

        /// <summary>The five record fields of a flat record, ahead of its property columns.</summary>
        public const int RecordFieldCount = 5;

        /// <summary>A flat record's columns: Space, ExternalId, Status, CreatedTime, LastUpdatedTime, then one per property.</summary>
        public static ExportSchema Flat(IEnumerable<ExportColumn> properties)
        {
            var columns = new List<ExportColumn>
            {
                new ExportColumn("Space", ValueKind.Text),
                new ExportColumn("ExternalId", ValueKind.Text),
                new ExportColumn("Status", ValueKind.Text),
                new ExportColumn("CreatedTime", ValueKind.Timestamp),
                new ExportColumn("LastUpdatedTime", ValueKind.Timestamp),
            };
            columns.AddRange(properties);
            return new ExportSchema(ExportShape.Flat, columns);
        }

        /// <summary>The property columns of a sync's flat records.</summary>
        public static IEnumerable<ExportColumn> From(RecordColumns columns) =>
            columns.Columns.Select(c => new ExportColumn(c.Name, c.Kind, c.IsList));

        /// <summary>A -Raw item: the API's own fields, times in epoch milliseconds, properties as one JSON object.</summary>
        public static ExportSchema Raw() => new ExportSchema(ExportShape.Raw, new[]
        {
            new ExportColumn("space", ValueKind.Text),
            new ExportColumn("externalId", ValueKind.Text),
            new ExportColumn("createdTime", ValueKind.Int64),
            new ExportColumn("lastUpdatedTime", ValueKind.Int64),
            new ExportColumn("status", ValueKind.Text),
            new ExportColumn("properties", ValueKind.Json),
        });

        /// <summary>The kind a column gets from a sample value, for input that carries no container types.</summary>
        public static ValueKind KindOf(object? value) => value switch
        {
            bool _ => ValueKind.Boolean,
            double _ or float _ => ValueKind.Float,
            int _ or short _ or byte _ => ValueKind.Int32,
            long _ => ValueKind.Int64,
            DateTimeOffset _ => ValueKind.Timestamp,
            DateTime d => ExportValueFormatter.IsDate(d) ? ValueKind.Date : ValueKind.Timestamp,
            string _ or null => ValueKind.Text,
            _ => ValueKind.Json,
        };
    }

    /// <summary>A problem with the export's file or input, with the ErrorId the cmdlet reports.</summary>
    public sealed class ExportException : Exception
    {
        public ExportException(string errorId, string message, Exception? inner = null) : base(message, inner) => ErrorId = errorId;

        public string ErrorId { get; }
    }
}
