using System;
using System.Collections.Generic;
using System.Linq;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Core.Export
{
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
}
