using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using CogniteRecords.Core.Json;

namespace CogniteRecords.Core.Export
{
    /// <summary>
    /// JSON Lines: one compact JSON object per line (LF), UTF-8 without BOM. Flat records carry their record fields
    /// (times as ISO 8601 strings) and then each property with its JSON type: numbers as numbers (int64 with every
    /// digit), lists as arrays, JSON objects as objects. -Raw items keep the API's shape.
    /// </summary>
    public sealed class JsonLinesRecordWriter : FileRecordWriter
    {
        private readonly JsonEncodedText[] _names;
        private readonly MemoryStream _buffer = new MemoryStream(64 * 1024);
        private readonly Utf8JsonWriter _json;
        private readonly char[] _time = new char[28];

        public JsonLinesRecordWriter(ExportSchema schema, ExportFileOptions options) : base(schema, options)
        {
            if (!(options.Encoding is UTF8Encoding))
                throw new ExportException("InvalidEncoding", "JSON Lines files are UTF-8; -Encoding applies to CSV only.");
            _names = schema.Columns.Select(c => JsonEncodedText.Encode(c.Name, CompactJson.Options.Encoder)).ToArray();
            _json = new Utf8JsonWriter(_buffer, CompactJson.Options);
            OpenFile();
        }

        protected override void Start(bool newFile)
        {
        }

        protected override void CheckColumns(FileStream file)
        {
            var reader = new StreamReader(file, new UTF8Encoding(false), true, 4096, leaveOpen: true);
            var line = reader.ReadLine();
            string[]? names = null;
            try
            {
                if (line != null)
                {
                    using var doc = JsonDocument.Parse(line);
                    if (doc.RootElement.ValueKind == JsonValueKind.Object) names = doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
                }
            }
            catch (JsonException)
            {
            }
            var expected = Schema.Names.ToArray();
            if (names == null || !names.SequenceEqual(expected, StringComparer.Ordinal))
            {
                throw new ExportException("ExportHeaderMismatch",
                    $"The first line of '{Options.Path}' has other members than these records, so nothing was appended. " +
                    $"The file has: {(names == null ? "no JSON object" : string.Join(", ", names))}. The records have: {string.Join(", ", expected)}. " +
                    "Append only records of the same sources and shape, or write to a new file.");
            }
        }

        [MethodImpl(Hot.Optimize)]
        public override void WriteFlat(string space, string externalId, string status, DateTimeOffset createdTime, DateTimeOffset lastUpdatedTime, object?[] values)
        {
            var w = _json;
            w.WriteStartObject();
            w.WriteString(_names[0], space);
            w.WriteString(_names[1], externalId);
            w.WriteString(_names[2], status);
            w.WritePropertyName(_names[3]);
            WriteTime(createdTime.UtcTicks);
            w.WritePropertyName(_names[4]);
            WriteTime(lastUpdatedTime.UtcTicks);
            for (var i = 0; i < values.Length; i++)
            {
                w.WritePropertyName(_names[ExportSchema.RecordFieldCount + i]);
                CompactJson.WriteValue(w, values[i], Options.Unwrap);
            }
            w.WriteEndObject();
            EndLine();
        }

        public override void WriteRow(object?[] cells)
        {
            var w = _json;
            w.WriteStartObject();
            for (var i = 0; i < cells.Length; i++)
            {
                w.WritePropertyName(_names[i]);
                CompactJson.WriteValue(w, cells[i], Options.Unwrap);
            }
            w.WriteEndObject();
            EndLine();
        }

        private void WriteTime(long utcTicks)
        {
            var n = ExportValueFormatter.WriteTimestamp(_time, 0, utcTicks);
            _json.WriteStringValue(new ReadOnlySpan<char>(_time, 0, n));
        }

        private void EndLine()
        {
            _json.Flush();
            _json.Reset();
            _buffer.WriteByte((byte)'\n');
            Rows++;
            if (_buffer.Length > 60 * 1024) WriteOut();
        }

        protected override void WriteOut()
        {
            if (_buffer.Length == 0) return;
            Stream.Write(_buffer.GetBuffer(), 0, (int)_buffer.Length);
            _buffer.SetLength(0);
        }
    }
}
