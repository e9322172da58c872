using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using CogniteRecords.Core.Export;
using CogniteRecords.Core.Records;
using Parquet;
using Parquet.Schema;

namespace CogniteRecords.Parquet
{
    /// <summary>
    /// Writes an export as Parquet part files (part-00001.parquet, ...) in a folder, with typed columns from the
    /// container property types. Rows are kept per column and written as row groups; a part is written under a
    /// temporary name (.part-00001.parquet.tmp) and renamed when whole, so a reader never sees half a part. A part
    /// ends at <see cref="ExportFileOptions.PartSize"/> records, at <see cref="Commit"/> (a sync page committed: the
    /// checkpoint keeps the last finished part), and at the end.
    /// </summary>
    public sealed class ParquetRecordWriter : RecordFileWriter
    {
        private const int RowGroupSize = 50_000;
        private static readonly Regex PartName = new Regex(@"^part-(\d{5,})\.parquet$", RegexOptions.CultureInvariant);

        private readonly ParquetSchema _parquetSchema;
        private readonly DataField[] _fields;
        private readonly ColumnBuffer[] _columns;
        private readonly object?[] _row;
        private int _buffered;
        private int _lastPart;          // the last finished part's number
        private FileStream? _partStream;
        private ParquetWriter? _part;
        private long _partRows;
        private bool _completed;

        public ParquetRecordWriter(ExportSchema schema, ExportFileOptions options) : base(schema, options)
        {
            _fields = schema.Columns.Select(FieldOf).ToArray();
            _parquetSchema = new ParquetSchema(_fields);
            _columns = schema.Columns.Select(ColumnBuffer.For).ToArray();
            _row = new object?[_columns.Length];
            Open();
        }

        private string Folder => Options.Path;

        private void Open()
        {
            var committed = CommittedPart(Options.CommittedState);
            try
            {
                Directory.CreateDirectory(Folder);
                // Temporary files are parts a run did not finish (killed): never data a reader saw.
                foreach (var tmp in Directory.EnumerateFiles(Folder, ".part-*.parquet.tmp")) File.Delete(tmp);
                var parts = ExistingParts();
                if (committed is int last)
                {
                    // Parts after the committed one hold pages whose cursor was never committed: those are read again.
                    foreach (var (number, path) in parts.Where(p => p.Number > last))
                    {
                        CutBack += new FileInfo(path).Length;
                        File.Delete(path);
                    }
                    _lastPart = last;
                    var kept = parts.Where(p => p.Number <= last).ToList();
                    if (kept.Count > 0) CheckColumns(kept[kept.Count - 1].Path);
                }
                else if (Options.Append)
                {
                    if (parts.Count > 0)
                    {
                        CheckColumns(parts[parts.Count - 1].Path);
                        _lastPart = parts[parts.Count - 1].Number;
                    }
                }
                else
                {
                    foreach (var (_, path) in parts) File.Delete(path);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new ExportException("ExportFileUnwritable", $"The folder '{Folder}' cannot be written: {e.Message}", e);
            }
        }

        private List<(int Number, string Path)> ExistingParts() =>
            Directory.EnumerateFiles(Folder, "part-*.parquet")
                .Select(p => (Match: PartName.Match(System.IO.Path.GetFileName(p)), Path: p))
                .Where(p => p.Match.Success)
                .Select(p => (int.Parse(p.Match.Groups[1].Value, CultureInfo.InvariantCulture), p.Path))
                .OrderBy(p => p.Item1)
                .ToList();

        private void CheckColumns(string part)
        {
            var names = ReadColumnNamesAsync(part).GetAwaiter().GetResult();
            var expected = Schema.Names.ToArray();
            if (!names.SequenceEqual(expected, StringComparer.Ordinal))
            {
                throw new ExportException("ExportHeaderMismatch",
                    $"The part '{part}' has other columns than these records, so nothing was appended. The part has: {string.Join(", ", names)}. " +
                    $"The records have: {string.Join(", ", expected)}. Append only records of the same sources, or write to a new folder.");
            }
        }

        private static async Task<string[]> ReadColumnNamesAsync(string part)
        {
            using var stream = File.OpenRead(part);
            await using var reader = await ParquetReader.CreateAsync(stream).ConfigureAwait(false);
            return reader.Schema.GetDataFields().Select(f => f.Name).ToArray();
        }

        private static int? CommittedPart(string? state)
        {
            if (state == null) return null;
            try
            {
                using var doc = JsonDocument.Parse(state);
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("lastPart", out var last) &&
                    last.TryGetInt32(out var n) && n >= 0)
                {
                    return n;
                }
            }
            catch (JsonException)
            {
            }
            throw new ExportException("ExportStateInvalid",
                $"The sync checkpoint's state for this output is not a part number ({state}): it was written for another format. Delete the checkpoint file to start over.");
        }

        /// <summary>The Parquet type of a column: typed from the container property type; lists, JSON and direct relations as JSON text.</summary>
        private static DataField FieldOf(ExportColumn column)
        {
            if (column.IsJson) return new DataField<string>(column.Name, true);
            return column.Kind switch
            {
                ValueKind.Boolean => new DataField<bool?>(column.Name),
                ValueKind.Int32 => new DataField<int?>(column.Name),
                ValueKind.Int64 => new DataField<long?>(column.Name),
                ValueKind.Float => new DataField<double?>(column.Name),
                ValueKind.Timestamp => new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, true, DateTimeTimeUnit.Millis, true),
                ValueKind.Date => new DateTimeDataField(column.Name, DateTimeFormat.Date, false, null, true),
                _ => new DataField<string>(column.Name, true),
            };
        }

        public override void WriteFlat(string space, string externalId, string status, DateTimeOffset createdTime, DateTimeOffset lastUpdatedTime, object?[] values)
        {
            var row = _row;
            row[0] = space;
            row[1] = externalId;
            row[2] = status;
            row[3] = createdTime;
            row[4] = lastUpdatedTime;
            Array.Copy(values, 0, row, ExportSchema.RecordFieldCount, Math.Min(values.Length, row.Length - ExportSchema.RecordFieldCount));
            WriteRow(row);
        }

        public override void WriteRow(object?[] cells)
        {
            // Every cell converted first, so that a value that does not fit leaves no part of its row behind.
            var converted = _row == cells ? cells : _row;
            for (var i = 0; i < _columns.Length; i++)
            {
                var value = i < cells.Length ? Options.Unwrap?.Invoke(cells[i]) ?? cells[i] : null;
                converted[i] = _columns[i].Convert(value, Options.Unwrap);
            }
            for (var i = 0; i < _columns.Length; i++) _columns[i].Add(converted[i]);
            _buffered++;
            Rows++;
            _partRows++;
            if (Options.PartSize > 0 && _partRows >= Options.PartSize) FinishPart(false);
            else if (_buffered >= RowGroupSize) WriteRowGroup();
        }

        public override string Commit(bool durable)
        {
            if (_buffered > 0 || _part != null) FinishPart(durable);
            return "{\"lastPart\":" + _lastPart.ToString(CultureInfo.InvariantCulture) + "}";
        }

        public override void Complete()
        {
            if (_completed) return;
            _completed = true;
            if (_buffered > 0 || _part != null) FinishPart(false);
        }

        private string PartPath(int number, bool temporary) =>
            System.IO.Path.Combine(Folder, (temporary ? ".part-" : "part-") + number.ToString("D5", CultureInfo.InvariantCulture) + ".parquet" + (temporary ? ".tmp" : ""));

        private void WriteRowGroup()
        {
            if (_buffered == 0) return;
            WriteRowGroupAsync().GetAwaiter().GetResult();
        }

        private async Task WriteRowGroupAsync()
        {
            if (_part == null)
            {
                _partStream = new FileStream(PartPath(_lastPart + 1, true), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024);
                _part = await ParquetWriter.CreateAsync(_parquetSchema, _partStream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }).ConfigureAwait(false);
            }
            using (var group = _part.CreateRowGroup())
            {
                for (var i = 0; i < _columns.Length; i++) await _columns[i].WriteAsync(group, _fields[i]).ConfigureAwait(false);
                group.CompleteValidate();
            }
            foreach (var c in _columns) c.Clear();
            _buffered = 0;
        }

        /// <summary>Writes the buffered rows, the footer, and renames the part to its final name.</summary>
        private void FinishPart(bool durable)
        {
            WriteRowGroup();
            if (_part == null) return;
            _part.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _part = null;
            _partStream!.Flush(durable);
            _partStream.Dispose();
            _partStream = null;
            var number = _lastPart + 1;
            File.Move(PartPath(number, true), PartPath(number, false));
            _lastPart = number;
            _partRows = 0;
        }

        /// <summary>The rows of one column, until they are written as part of a row group.</summary>
        private abstract class ColumnBuffer
        {
            protected ColumnBuffer(ExportColumn column) => Column = column;

            protected ExportColumn Column { get; }

            public static ColumnBuffer For(ExportColumn column)
            {
                if (column.IsJson) return new TextColumn(column);
                return column.Kind switch
                {
                    ValueKind.Boolean => new StructColumn<bool>(column, v => v is bool b ? b : (bool?)null),
                    ValueKind.Int32 => new StructColumn<int>(column, v => v switch
                    {
                        int i => i,
                        long l when l >= int.MinValue && l <= int.MaxValue => (int)l,
                        short s => s,
                        byte b => b,
                        _ => null,
                    }),
                    ValueKind.Int64 => new StructColumn<long>(column, v => v switch
                    {
                        long l => l,
                        int i => i,
                        short s => s,
                        byte b => b,
                        _ => null,
                    }),
                    ValueKind.Float => new StructColumn<double>(column, v => v switch
                    {
                        double d => d,
                        float f => f,
                        int i => i,
                        long l => l,
                        decimal m => (double)m,
                        _ => null,
                    }),
                    ValueKind.Timestamp => new StructColumn<DateTime>(column, v => v switch
                    {
                        DateTimeOffset dto => dto.UtcDateTime,
                        DateTime dt => dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime(),
                        _ => null,
                    }),
                    ValueKind.Date => new StructColumn<DateTime>(column, v => v switch
                    {
                        DateTime dt when dt.TimeOfDay == TimeSpan.Zero => DateTime.SpecifyKind(dt, DateTimeKind.Unspecified),
                        _ => null,
                    }),
                    _ => new TextColumn(column),
                };
            }

            /// <summary>The value as this column stores it; an <see cref="ExportException"/> when it does not fit.</summary>
            public abstract object? Convert(object? value, Func<object?, object?>? unwrap);

            public abstract void Add(object? converted);

            public abstract Task WriteAsync(ParquetRowGroupWriter group, DataField field);

            public abstract void Clear();

            protected ExportException DoesNotFit(object value) =>
                new ExportException("ExportValueInvalid",
                    $"The value '{ExportValueFormatter.ToText(value)}' ({value.GetType().Name}) does not fit the {Column.Kind} column '{Column.Name}' of the Parquet file: its columns are typed. " +
                    "Export this record to CSV or JSON Lines, or select the column's values so that each has the column's type.");
        }

        private sealed class TextColumn : ColumnBuffer
        {
            private readonly List<string?> _values = new List<string?>();

            public TextColumn(ExportColumn column) : base(column) { }

            public override object? Convert(object? value, Func<object?, object?>? unwrap) => ExportValueFormatter.ToText(value, unwrap);

            public override void Add(object? converted) => _values.Add((string?)converted);

            public override async Task WriteAsync(ParquetRowGroupWriter group, DataField field) =>
                await group.WriteAsync(field, _values).ConfigureAwait(false);

            public override void Clear() => _values.Clear();
        }

        private sealed class StructColumn<T> : ColumnBuffer where T : struct
        {
            private readonly Func<object, T?> _convert;
            private T?[] _values = new T?[1024];
            private int _count;

            public StructColumn(ExportColumn column, Func<object, T?> convert) : base(column) => _convert = convert;

            public override object? Convert(object? value, Func<object?, object?>? unwrap)
            {
                if (value == null) return null;
                return _convert(value) ?? throw DoesNotFit(value);
            }

            public override void Add(object? converted)
            {
                if (_count == _values.Length) Array.Resize(ref _values, _values.Length * 2);
                _values[_count++] = (T?)converted;
            }

            public override async Task WriteAsync(ParquetRowGroupWriter group, DataField field) =>
                await group.WriteAsync<T>(field, new ReadOnlyMemory<T?>(_values, 0, _count)).ConfigureAwait(false);

            public override void Clear() => _count = 0;
        }
    }
}
