using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Parquet;
using Parquet.Schema;

namespace CogniteRecords.Bench
{
    /// <summary>
    /// Reads Export-CdfRecord's JSON Lines files and Parquet folders as rows of text cells, so that compare-csv can
    /// compare them value by value with a CSV file: strings as they are, numbers in their shortest round-trip form,
    /// booleans true/false, lists and objects as their compact JSON, timestamps as ISO 8601 UTC with milliseconds,
    /// dates yyyy-MM-dd, null as an empty cell. The Parquet side is read with Parquet.Net's own reader.
    /// </summary>
    internal static class ExportReading
    {
        public static (string[] Header, IEnumerable<string[]> Rows) JsonLinesRows(string path)
        {
            string[]? header = null;
            var rows = new List<string[]>();
            int line = 0;
            foreach (var text in File.ReadLines(path))
            {
                line++;
                if (text.Length == 0) continue;
                using var doc = JsonDocument.Parse(text);
                var members = doc.RootElement.EnumerateObject().ToList();
                if (header == null) header = members.Select(m => m.Name).ToArray();
                else if (!members.Select(m => m.Name).SequenceEqual(header, StringComparer.Ordinal))
                    throw new ArgumentException($"{path} line {line}: other members than the first line");
                rows.Add(members.Select(m => Cell(m.Value)).ToArray());
            }
            return (header ?? throw new ArgumentException($"{path} is empty"), rows);
        }

        private static string Cell(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Null => "",
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => value.GetRawText(),
        };

        public static (string[] Header, IEnumerable<string[]> Rows) ParquetRows(string folder) => ParquetRowsAsync(folder).GetAwaiter().GetResult();

        private static async Task<(string[] Header, IEnumerable<string[]> Rows)> ParquetRowsAsync(string folder)
        {
            var parts = Directory.EnumerateFiles(folder, "part-*.parquet").OrderBy(p => p, StringComparer.Ordinal).ToList();
            if (parts.Count == 0) throw new ArgumentException($"{folder} holds no part-*.parquet file");
            if (Directory.EnumerateFiles(folder, ".part-*.tmp").Any()) throw new ArgumentException($"{folder} holds a temporary part: a run did not finish");
            string[]? header = null;
            var rows = new List<string[]>();
            foreach (var part in parts)
            {
                using var stream = File.OpenRead(part);
                await using var reader = await ParquetReader.CreateAsync(stream).ConfigureAwait(false);
                var fields = reader.Schema.GetDataFields();
                var names = fields.Select(f => f.Name).ToArray();
                if (header == null) header = names;
                else if (!names.SequenceEqual(header, StringComparer.Ordinal)) throw new ArgumentException($"{part}: other columns than the first part");
                for (int g = 0; g < reader.RowGroupCount; g++)
                {
                    using var group = reader.OpenRowGroupReader(g);
                    int n = (int)group.RowCount;
                    var columns = new string[fields.Length][];
                    for (int c = 0; c < fields.Length; c++) columns[c] = await ReadColumnAsync(group, fields[c], n).ConfigureAwait(false);
                    for (int i = 0; i < n; i++)
                    {
                        var row = new string[fields.Length];
                        for (int c = 0; c < fields.Length; c++) row[c] = columns[c][i];
                        rows.Add(row);
                    }
                }
            }
            return (header!, rows);
        }

        private static async Task<string[]> ReadColumnAsync(ParquetRowGroupReader group, DataField field, int n)
        {
            var type = field.ClrType;
            if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
            {
                var values = new string?[n];
                await group.ReadAsync(field, values.AsMemory()).ConfigureAwait(false);
                return values.Select(v => v ?? "").ToArray();
            }
            if (type == typeof(long)) return Text(await Read<long>(group, field, n), v => v.ToString(CultureInfo.InvariantCulture));
            if (type == typeof(int)) return Text(await Read<int>(group, field, n), v => v.ToString(CultureInfo.InvariantCulture));
            if (type == typeof(double)) return Text(await Read<double>(group, field, n), v => v.ToString("R", CultureInfo.InvariantCulture));
            if (type == typeof(bool)) return Text(await Read<bool>(group, field, n), v => v ? "true" : "false");
            if (type == typeof(DateTime))
            {
                bool date = field is DateTimeDataField d && d.DateTimeFormat == DateTimeFormat.Date;
                return Text(await Read<DateTime>(group, field, n), v => date
                    ? v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : DateTime.SpecifyKind(v, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            }
            throw new ArgumentException($"column '{field.Name}': Parquet type {type.Name} is not read here");
        }

        private static async Task<T?[]> Read<T>(ParquetRowGroupReader group, DataField field, int n) where T : struct
        {
            var values = new T?[n];
            await group.ReadAsync<T>(field, values.AsMemory()).ConfigureAwait(false);
            return values;
        }

        private static string[] Text<T>(T?[] values, Func<T, string> text) where T : struct =>
            values.Select(v => v.HasValue ? text(v.Value) : "").ToArray();
    }
}
