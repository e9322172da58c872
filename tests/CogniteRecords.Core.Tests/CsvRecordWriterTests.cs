using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using CogniteRecords.Core.Export;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Core.Tests
{
    /// <summary>
    /// The CSV writer's flat rows: each value the text of <see cref="ExportValueFormatter.ToText"/> (float64 formatted in
    /// place, lists and objects through a reused JSON writer), quoted exactly when it holds the delimiter, a quote or a line break.
    /// </summary>
    public sealed class CsvRecordWriterTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "cr-csv-writer-" + Guid.NewGuid().ToString("N"));

        public CsvRecordWriterTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private static readonly DateTimeOffset Created = new DateTimeOffset(2026, 12, 2, 12, 53, 41, 965, TimeSpan.Zero);

        private static List<object?[]> Rows()
        {
            var doubles = new object?[]
            {
                0.1, -0.0, 0.0, 1e21, 1e-7, 123.5, -2.5e-300, double.MaxValue, double.MinValue, double.Epsilon,
                double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1.0 / 3, 100.0, 12345678901234567.0,
            };
            var rows = new List<object?[]>();
            foreach (var d in doubles)
            {
                rows.Add(new object?[]
                {
                    d,
                    new List<object?> { "a", "b,c", "q\"uote", "ünï", 1.5, null },
                    new Dictionary<string, object?> { ["n"] = 42L, ["tag"] = "t;0", ["inner"] = new object?[] { true, "x\ny" } },
                    "plain",
                });
            }
            // A long JSON cell (the reused buffer grows, then is let go), then short ones again.
            rows.Add(new object?[] { 1.25, Enumerable.Range(0, 20000).Select(i => (object?)("item" + i)).ToList(), new Dictionary<string, object?>(), "" });
            rows.Add(new object?[] { 2.5, new List<object?> { "after" }, new Dictionary<string, object?> { ["k"] = "v" }, "end" });
            return rows;
        }

        private static string Field(object? value, char delimiter)
        {
            var text = ExportValueFormatter.ToText(value) ?? "";
            return text.IndexOfAny(new[] { delimiter, '"', '\r', '\n' }) < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";
        }

        [Theory]
        [InlineData(',')]
        [InlineData(';')]
        [InlineData('\t')]
        [InlineData('N')]   // in NaN
        [InlineData('a')]   // in NaN
        [InlineData('y')]   // in Infinity
        [InlineData('E')]   // in 1E+21
        [InlineData('-')]
        [InlineData('.')]
        [InlineData('1')]
        public void Writes_each_value_as_its_text_quoted_only_when_needed(char delimiter)
        {
            var path = Path.Combine(_folder, "f.csv");
            var columns = new[] { "f", "tags", "json", "s" }.Select(n => new ExportColumn(n, ValueKind.Json)).ToList();
            var options = new ExportFileOptions { Path = path, Format = ExportFormat.Csv, Delimiter = delimiter };
            var rows = Rows();
            using (var writer = RecordFileWriter.Open(ExportSchema.Flat(columns), options))
            {
                foreach (var row in rows) writer.WriteFlat("sp", "rec-1", "created", Created, Created, row);
            }

            var expected = new StringBuilder();
            expected.Append(string.Join(delimiter.ToString(), new[] { "Space", "ExternalId", "Status", "CreatedTime", "LastUpdatedTime", "f", "tags", "json", "s" }.Select(n => Field(n, delimiter)))).Append("\r\n");
            foreach (var row in rows)
            {
                var cells = new object?[] { "sp", "rec-1", "created", Created, Created }.Concat(row);
                expected.Append(string.Join(delimiter.ToString(), cells.Select(c => Field(c, delimiter)))).Append("\r\n");
            }
            Assert.Equal(expected.ToString(), File.ReadAllText(path, new UTF8Encoding(false)));
        }
    }
}
