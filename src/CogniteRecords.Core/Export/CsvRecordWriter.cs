using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CogniteRecords.Core.Json;

namespace CogniteRecords.Core.Export
{
    /// <summary>
    /// CSV as RFC 4180 has it: a header row, CRLF line ends, a field quoted only when it holds the delimiter, a
    /// quote or a line break (quotes doubled inside). Values as <see cref="ExportValueFormatter"/> writes them; null
    /// is an empty field. A field starting with =, +, - or @ is written as it is (spreadsheets may take it for a
    /// formula: the help says so). Rows are built in a char buffer and encoded in large blocks.
    /// </summary>
    public sealed class CsvRecordWriter : FileRecordWriter
    {
        private const int BufferChars = 32 * 1024;

        private readonly char _delimiter;
        private readonly char[] _specials;
        // Whether ISO timestamps and plain numbers can never need quoting with this delimiter (any but digits, - : . T Z + E).
        private readonly bool _plainValues;
        private readonly Encoder _encoder;
        private char[] _chars = new char[BufferChars];
        private byte[] _bytes;
        private int _count;
        // Lists and objects as compact JSON (CompactJson), written with one reused writer and buffer instead of a new
        // stream, writer and string per cell.
        private MemoryStream? _json;
        private Utf8JsonWriter? _jsonWriter;
        private char[] _jsonChars = new char[256];

        public CsvRecordWriter(ExportSchema schema, ExportFileOptions options) : base(schema, options)
        {
            _delimiter = options.Delimiter;
            if (_delimiter == '"' || _delimiter == '\r' || _delimiter == '\n')
                throw new ExportException("InvalidDelimiter", "The CSV delimiter cannot be a quote or a line break.");
            _specials = new[] { _delimiter, '"', '\r', '\n' };
            _plainValues = "0123456789-:.TZ+E".IndexOf(_delimiter) < 0 && _delimiter != 'e';
            _encoder = options.Encoding.GetEncoder();
            _bytes = new byte[options.Encoding.GetMaxByteCount(BufferChars)];
            OpenFile();
        }

        protected override void Start(bool newFile)
        {
            if (newFile)
            {
                var preamble = Options.Encoding.GetPreamble();
                if (preamble.Length > 0) Stream.Write(preamble, 0, preamble.Length);
            }
            else
            {
                return;
            }
            var first = true;
            foreach (var column in Schema.Columns)
            {
                if (!first) Append(_delimiter);
                first = false;
                WriteText(column.Name);
            }
            EndRow();
            Rows = 0;   // the header is not a record
        }

        protected override void CheckColumns(FileStream file)
        {
            var reader = new StreamReader(file, Options.Encoding, detectEncodingFromByteOrderMarks: true, 4096, leaveOpen: true);
            var header = ReadRecord(reader, _delimiter);
            var expected = Schema.Names.ToList();
            if (header == null || !header.SequenceEqual(expected, StringComparer.Ordinal))
            {
                throw new ExportException("ExportHeaderMismatch",
                    $"The file '{Options.Path}' has other columns than these records, so nothing was appended. " +
                    $"The file has: {Describe(header)}. The records have: {Describe(expected)}. " +
                    "Append only records of the same sources, or write to a new file.");
            }
        }

        private static string Describe(IReadOnlyList<string>? names) =>
            names == null ? "no header" : names.Count > 20 ? string.Join(", ", names.Take(20)) + $", ... ({names.Count} in all)" : string.Join(", ", names);

        [MethodImpl(Hot.Optimize)]
        public override void WriteFlat(string space, string externalId, string status, DateTimeOffset createdTime, DateTimeOffset lastUpdatedTime, object?[] values)
        {
            WriteText(space);
            Append(_delimiter);
            WriteText(externalId);
            Append(_delimiter);
            WriteText(status);
            Append(_delimiter);
            WriteTimestamp(createdTime.UtcTicks);
            Append(_delimiter);
            WriteTimestamp(lastUpdatedTime.UtcTicks);
            foreach (var value in values)
            {
                Append(_delimiter);
                WriteValue(value);
            }
            EndRow();
        }

        public override void WriteRow(object?[] cells)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                if (i > 0) Append(_delimiter);
                WriteValue(cells[i]);
            }
            EndRow();
        }

        [MethodImpl(Hot.Optimize)]
        private void WriteValue(object? value)
        {
            switch (value)
            {
                case null: return;
                case string s: WriteText(s); return;
                case bool b: WriteText(b ? "true" : "false"); return;
                case int i when _plainValues: Reserve(11); _count = ExportValueFormatter.WriteInteger(_chars, _count, i); return;
                case long l when _plainValues: Reserve(20); _count = ExportValueFormatter.WriteInteger(_chars, _count, l); return;
                case DateTimeOffset dto: WriteTimestamp(dto.UtcTicks); return;
                case DateTime dt when _plainValues && ExportValueFormatter.IsDate(dt): Reserve(10); _count = ExportValueFormatter.WriteDate(_chars, _count, dt); return;
#if NET
                // The same text as ExportValueFormatter.Number ("R"), formatted in place.
                case double d: WriteNumber(d); return;
#endif
                case IDictionary _:
                case IEnumerable _:
                    WriteJson(value); return;
                default:
                    var text = ExportValueFormatter.ToText(value, Options.Unwrap);
                    if (text != null) WriteText(text);
                    return;
            }
        }

#if NET
        [MethodImpl(Hot.Optimize)]
        private void WriteNumber(double d)
        {
            Span<char> text = stackalloc char[32];
            if (!d.TryFormat(text, out var n, "R", CultureInfo.InvariantCulture))
            {
                WriteText(ExportValueFormatter.Number(d));
                return;
            }
            WriteText(text.Slice(0, n));
        }
#endif

        /// <summary>A list or an object: its compact JSON (as CompactJson.Serialize writes it), as a field.</summary>
        [MethodImpl(Hot.Optimize)]
        private void WriteJson(object value)
        {
            if (_json == null)
            {
                _json = new MemoryStream();
                _jsonWriter = new Utf8JsonWriter(_json, CompactJson.Options);
            }
            else
            {
                _json.SetLength(0);
                _jsonWriter!.Reset(_json);
            }
            CompactJson.WriteValue(_jsonWriter!, value, Options.Unwrap);
            _jsonWriter!.Flush();
            var length = (int)_json.Length;
            var max = Encoding.UTF8.GetMaxCharCount(length);
            if (_jsonChars.Length < max) _jsonChars = new char[Math.Max(max, _jsonChars.Length * 2)];
            var n = Encoding.UTF8.GetChars(_json.GetBuffer(), 0, length, _jsonChars, 0);
            WriteText(new ReadOnlySpan<char>(_jsonChars, 0, n));
            if (_json.Capacity > 64 * 1024) { _json = null; _jsonWriter = null; }
        }

        [MethodImpl(Hot.Optimize)]
        private void WriteTimestamp(long utcTicks)
        {
            if (!_plainValues)
            {
                WriteText(ExportValueFormatter.Timestamp(new DateTimeOffset(utcTicks, TimeSpan.Zero)));
                return;
            }
            Reserve(28);
            _count += ExportValueFormatter.WriteTimestamp(_chars, _count, utcTicks);
        }

        /// <summary>A field: as it is, or quoted with its quotes doubled when it holds a delimiter, a quote or a line break.</summary>
        [MethodImpl(Hot.Optimize)]
        private void WriteText(ReadOnlySpan<char> s)
        {
            if (s.IndexOfAny(_specials) < 0)
            {
                Reserve(s.Length);
                s.CopyTo(new Span<char>(_chars, _count, s.Length));
                _count += s.Length;
                return;
            }
            Reserve(s.Length * 2 + 2);
            _chars[_count++] = '"';
            foreach (var c in s)
            {
                if (c == '"') _chars[_count++] = '"';
                _chars[_count++] = c;
            }
            _chars[_count++] = '"';
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void WriteText(string s) => WriteText(s.AsSpan());

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Append(char c)
        {
            if (_count == _chars.Length) Reserve(1);
            _chars[_count++] = c;
        }

        private void EndRow()
        {
            Reserve(2);
            _chars[_count++] = '\r';
            _chars[_count++] = '\n';
            Rows++;
            // Whole rows only leave the buffer, so that what is on disk always ends with a whole row.
            if (_count > BufferChars - 1024) WriteOut();
        }

        /// <summary>Room for <paramref name="n"/> more characters in the row buffer (which grows for a long row: a row is never split).</summary>
        private void Reserve(int n)
        {
            if (_count + n <= _chars.Length) return;
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _count + n));
        }

        protected override void WriteOut()
        {
            if (_count == 0) return;
            var max = Options.Encoding.GetMaxByteCount(_count);
            if (_bytes.Length < max) _bytes = new byte[max];
            var n = _encoder.GetBytes(_chars, 0, _count, _bytes, 0, flush: true);
            Stream.Write(_bytes, 0, n);
            _count = 0;
            if (_chars.Length > BufferChars * 4) _chars = new char[BufferChars];
        }

        /// <summary>One CSV record (RFC 4180, quoted fields may span lines); null at the end of the input.</summary>
        public static List<string>? ReadRecord(TextReader reader, char delimiter)
        {
            var c = reader.Read();
            if (c < 0) return null;
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            while (true)
            {
                if (quoted)
                {
                    if (c < 0) break;
                    if (c == '"')
                    {
                        if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                        else quoted = false;
                    }
                    else field.Append((char)c);
                }
                else if (c < 0 || c == '\n' || c == '\r')
                {
                    if (c == '\r' && reader.Peek() == '\n') reader.Read();
                    break;
                }
                else if (c == '"' && field.Length == 0) quoted = true;
                else if (c == delimiter) { fields.Add(field.ToString()); field.Clear(); }
                else field.Append((char)c);
                c = reader.Read();
            }
            fields.Add(field.ToString());
            return fields;
        }
    }
}
