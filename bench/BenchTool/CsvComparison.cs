using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.VisualBasic.FileIO;

namespace CogniteRecords.Bench
{
    /// <summary>
    /// Proves that two CSV files (case (b), the module, and case (c2), the hand-written loop) hold the same
    /// records: the same header set, the same set of keys (Space + ExternalId, each once), and per key and
    /// column equal values after normalising formats. The normalisation, applied to both sides alike:
    /// <list type="number">
    /// <item>empty cells are equal only to empty cells;</item>
    /// <item>cells that both parse as JSON arrays or objects are compared structurally (key order ignored,
    /// numbers compared as numbers);</item>
    /// <item>cells that both parse as numbers (invariant culture) are equal when they agree to 15 significant
    /// digits (PowerShell's own formatting of a double), or when one is exactly a float32 and both round to the
    /// same float32 (a float32 property printed widened to double);</item>
    /// <item>cells that are both True/False are compared ignoring case;</item>
    /// <item>cells that both parse as date-times (invariant culture or ISO 8601, no offset meaning UTC) are
    /// compared as instants, to the millisecond when both carry fractions, else to the second;</item>
    /// <item>anything else must match exactly (ordinal).</item>
    /// </list>
    /// Exit code 0 when equal; 1 with the first differences printed otherwise.
    /// </summary>
    internal static class CsvComparison
    {
        public static int Run(Dictionary<string, string> options)
        {
            string leftPath = options.Required("left");
            string rightPath = options.Required("right");
            var left = Load(leftPath);
            var right = Load(rightPath);
            var problems = new List<string>();

            var leftColumns = new HashSet<string>(left.Header, StringComparer.Ordinal);
            var rightColumns = new HashSet<string>(right.Header, StringComparer.Ordinal);
            foreach (var c in leftColumns.Except(rightColumns)) problems.Add($"column '{c}' only in {leftPath}");
            foreach (var c in rightColumns.Except(leftColumns)) problems.Add($"column '{c}' only in {rightPath}");
            problems.AddRange(left.Duplicates.Select(k => $"key {k} twice in {leftPath}"));
            problems.AddRange(right.Duplicates.Select(k => $"key {k} twice in {rightPath}"));

            var columns = left.Header.Where(rightColumns.Contains).ToArray();
            int[] leftIndex = columns.Select(c => Array.IndexOf(left.Header, c)).ToArray();
            int[] rightIndex = columns.Select(c => Array.IndexOf(right.Header, c)).ToArray();
            long compared = 0, cells = 0, mismatches = 0;
            foreach (var (key, leftRow) in left.Rows)
            {
                if (!right.Rows.TryGetValue(key, out var rightRow))
                {
                    mismatches++;
                    if (problems.Count < 50) problems.Add($"key {key} only in {leftPath}");
                    continue;
                }
                compared++;
                for (int i = 0; i < columns.Length; i++)
                {
                    cells++;
                    string a = leftRow[leftIndex[i]], b = rightRow[rightIndex[i]];
                    if (!CellsEqual(a, b))
                    {
                        mismatches++;
                        if (problems.Count < 50) problems.Add($"key {key}, column '{columns[i]}': '{Trim(a)}' vs '{Trim(b)}'");
                    }
                }
            }
            foreach (var key in right.Rows.Keys.Where(k => !left.Rows.ContainsKey(k)))
            {
                mismatches++;
                if (problems.Count < 50) problems.Add($"key {key} only in {rightPath}");
            }

            using var stdout = Console.OpenStandardOutput();
            using (var json = new Utf8JsonWriter(stdout))
            {
                json.WriteStartObject();
                json.WriteBoolean("equal", problems.Count == 0);
                json.WriteNumber("leftRecords", left.Rows.Count);
                json.WriteNumber("rightRecords", right.Rows.Count);
                json.WriteNumber("recordsCompared", compared);
                json.WriteNumber("cellsCompared", cells);
                json.WriteNumber("columns", columns.Length);
                json.WriteNumber("mismatches", mismatches + left.Duplicates.Count + right.Duplicates.Count);
                json.WriteStartArray("problems");
                foreach (var p in problems.Take(20)) json.WriteStringValue(p);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            stdout.WriteByte((byte)'\n');
            return problems.Count == 0 ? 0 : 1;
        }

        private static string Trim(string s) => s.Length <= 120 ? s : s.Substring(0, 120) + "...";

        private sealed record Table(string[] Header, Dictionary<string, string[]> Rows, List<string> Duplicates);

        /// <summary>A CSV file; or, to compare Export-CdfRecord's other formats with a CSV file, a JSON Lines file (.jsonl,
        /// .ndjson) or a folder of Parquet parts (.parquet or any folder), each value turned into the text its CSV cell
        /// would hold (see <see cref="ExportReading"/>).</summary>
        private static Table Load(string path)
        {
            if (Directory.Exists(path)) return FromRows(path, ExportReading.ParquetRows(path));
            var extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension == ".jsonl" || extension == ".ndjson") return FromRows(path, ExportReading.JsonLinesRows(path));
            return LoadCsv(path);
        }

        private static Table FromRows(string path, (string[] Header, IEnumerable<string[]> Rows) data)
        {
            var header = data.Header;
            int space = Array.IndexOf(header, "Space"), externalId = Array.IndexOf(header, "ExternalId");
            if (externalId < 0) throw new ArgumentException($"{path} has no ExternalId column");
            var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var duplicates = new List<string>();
            foreach (var fields in data.Rows)
            {
                string key = (space >= 0 ? fields[space] + "/" : "") + fields[externalId];
                if (!rows.TryAdd(key, fields)) duplicates.Add(key);
            }
            return new Table(header, rows, duplicates);
        }

        private static Table LoadCsv(string path)
        {
            using var parser = new TextFieldParser(path) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
            parser.SetDelimiters(",");
            string[] header = parser.ReadFields() ?? throw new ArgumentException($"{path} is empty");
            int space = Array.IndexOf(header, "Space"), externalId = Array.IndexOf(header, "ExternalId");
            if (externalId < 0) throw new ArgumentException($"{path} has no ExternalId column");
            var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var duplicates = new List<string>();
            while (!parser.EndOfData)
            {
                string[] fields = parser.ReadFields() ?? Array.Empty<string>();
                if (fields.Length != header.Length) throw new ArgumentException($"{path} line {parser.LineNumber}: {fields.Length} fields, header has {header.Length}");
                string key = (space >= 0 ? fields[space] + "/" : "") + fields[externalId];
                if (!rows.TryAdd(key, fields)) duplicates.Add(key);
            }
            return new Table(header, rows, duplicates);
        }

        internal static bool CellsEqual(string a, string b)
        {
            if (string.Equals(a, b, StringComparison.Ordinal)) return true;
            if (a.Length == 0 || b.Length == 0) return false;
            if (IsJsonContainer(a) && IsJsonContainer(b))
            {
                try
                {
                    using var da = JsonDocument.Parse(a);
                    using var db = JsonDocument.Parse(b);
                    return JsonEqual(da.RootElement, db.RootElement);
                }
                catch (JsonException) { return false; }
            }
            if (TryNumber(a, out double na) && TryNumber(b, out double nb))
                return NumbersEqual(na, nb);
            if (bool.TryParse(a, out bool ba) && bool.TryParse(b, out bool bb)) return ba == bb;
            if (TryInstant(a, out var ta, out bool fa) && TryInstant(b, out var tb, out bool fb))
            {
                long unit = fa && fb ? TimeSpan.TicksPerMillisecond : TimeSpan.TicksPerSecond;
                return ta.UtcTicks / unit == tb.UtcTicks / unit;
            }
            return false;
        }

        private static bool IsJsonContainer(string s) => (s[0] == '[' && s[^1] == ']') || (s[0] == '{' && s[^1] == '}');

        // PowerShell writes a double with 15 significant digits, System.Text.Json with up to 17: equal within
        // 15 digits. A float32 value widened to double (0.10000000149011612) equals its short form (0.1) when
        // one side is exactly a float and both round to the same float.
        private static bool NumbersEqual(double a, double b)
        {
            if (a == b) return true;
            if (Math.Abs(a - b) <= 1e-14 * Math.Max(Math.Abs(a), Math.Abs(b))) return true;
            return (float)a == (float)b && ((double)(float)a == a || (double)(float)b == b);
        }

        private static bool TryNumber(string s, out double value) =>
            double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value);

        private static readonly string[] InstantFormats =
        {
            "MM/dd/yyyy HH:mm:ss", "M/d/yyyy h:mm:ss tt", "MM/dd/yyyy HH:mm:ss zzz", "M/d/yyyy h:mm:ss tt zzz", "o",
        };

        private static bool TryInstant(string s, out DateTimeOffset value, out bool hasFraction)
        {
            hasFraction = false;
            const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
            if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, styles, out value)
                && !DateTimeOffset.TryParseExact(s, InstantFormats, CultureInfo.InvariantCulture, styles, out value))
                return false;
            // A fraction of a second shows as a '.' after the seconds (hh:mm:ss.fff).
            int colon = s.LastIndexOf(':');
            hasFraction = colon > 0 && s.IndexOf('.', colon) > 0;
            return true;
        }

        private static bool JsonEqual(JsonElement a, JsonElement b)
        {
            if (a.ValueKind != b.ValueKind) return false;
            switch (a.ValueKind)
            {
                case JsonValueKind.Object:
                    var bProps = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    foreach (var p in b.EnumerateObject()) bProps[p.Name] = p.Value;
                    int count = 0;
                    foreach (var p in a.EnumerateObject())
                    {
                        count++;
                        if (!bProps.TryGetValue(p.Name, out var other) || !JsonEqual(p.Value, other)) return false;
                    }
                    return count == bProps.Count;
                case JsonValueKind.Array:
                    if (a.GetArrayLength() != b.GetArrayLength()) return false;
                    using (var ea = a.EnumerateArray().GetEnumerator())
                    using (var eb = b.EnumerateArray().GetEnumerator())
                    {
                        while (ea.MoveNext() && eb.MoveNext())
                            if (!JsonEqual(ea.Current, eb.Current)) return false;
                    }
                    return true;
                case JsonValueKind.Number:
                    return NumbersEqual(a.GetDouble(), b.GetDouble());
                case JsonValueKind.String:
                    return CellsEqual(a.GetString()!, b.GetString()!);
                default:
                    return true; // true, false, null: equal kinds are equal values
            }
        }
    }
}
