using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Text;
using CogniteRecords.Core;
using CogniteRecords.Core.Export;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Sync;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Writes records to a CSV, JSON Lines or Parquet file exactly: culture-invariant, nothing rounded.</para>
    /// </summary>
    [Cmdlet(VerbsData.Export, "CdfRecord", SupportsShouldProcess = true)]
    [OutputType(typeof(SyncRecord), typeof(RawSyncRecord), typeof(PSObject))]
    public sealed partial class ExportCdfRecordCommand : PSCmdlet, IDisposable
    {
        private string _path = "";
        // A name, not the engine's enum: a value-type field of an engine type would load the engine when PowerShell
        // reads the cmdlet classes at import (see ARCHITECTURE.md, import stays fast).
        private string _format = "Csv";
        private bool _skip;
        private RecordFileWriter? _writer;
        private RecordBuilder? _builder;
        private Dictionary<string, int>? _columnIndex;
        private object?[]? _cells;
        private long _refused;

        /// <summary>The file (CSV, JSON Lines) or, for Parquet, the folder of part files.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        /// <summary>Csv, JsonLines or Parquet; by default from the extension (.csv, .jsonl/.ndjson, .parquet or an existing folder), else Csv.</summary>
        [Parameter]
        [ValidateSet("Csv", "JsonLines", "Parquet", IgnoreCase = true)]
        public string? Format { get; set; }

        /// <summary>A record: from Sync-CdfRecord or Get-CdfRecord (flat or -Raw), or an object with Space and ExternalId properties.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowNull]
        public PSObject? InputObject { get; set; }

        /// <summary>Add to an existing file (or folder of parts); its columns must be those of the records.</summary>
        [Parameter]
        public SwitchParameter Append { get; set; }

        /// <summary>Write over a read-only file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Do not replace an existing file.</summary>
        [Parameter]
        [Alias("NoOverwrite")]
        public SwitchParameter NoClobber { get; set; }

        /// <summary>Also write each record to the pipeline after it was written to the file.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>CSV only: the file's encoding (default UTF-8 without BOM).</summary>
        [Parameter]
        [EncodingTransformation]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        [ValidateNotNull]
        public Encoding? Encoding { get; set; }

        /// <summary>CSV only: the field delimiter (default a comma).</summary>
        [Parameter]
        public char Delimiter { get; set; } = ',';

        /// <summary>Parquet only: records per part file (default 0: one part per run).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int PartSize { get; set; }

        protected override void BeginProcessing()
        {
            _path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out var provider, out _);
            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                Fail("ExportPathInvalid", ErrorCategory.InvalidArgument, $"The path '{Path}' is not on the file system (provider {provider.Name}).");
            _format = Format != null ? Enum.Parse(typeof(ExportFormat), Format, true).ToString() : FormatOf(_path).ToString();
            CheckTarget();
            if (Encoding != null && _format != nameof(ExportFormat.Csv) && !(Encoding is UTF8Encoding))
                Fail("InvalidEncoding", ErrorCategory.InvalidArgument, $"-Encoding applies to CSV only: {_format} files are UTF-8.");
            if (Delimiter == '"' || Delimiter == '\r' || Delimiter == '\n')
                Fail("InvalidDelimiter", ErrorCategory.InvalidArgument, "The delimiter cannot be a quote or a line break.");
            _skip = !ShouldProcess(_path, "Export records (" + _format + ")");
            BeginSession();
            BeginFused();
        }

        /// <summary>The format an unnamed path implies: .csv, .jsonl/.ndjson, .parquet or an existing folder, else CSV.</summary>
        private static ExportFormat FormatOf(string path)
        {
            var extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
            switch (extension)
            {
                case ".jsonl":
                case ".ndjson":
                    return ExportFormat.JsonLines;
                case ".parquet":
                    return ExportFormat.Parquet;
                default:
                    return Directory.Exists(path) ? ExportFormat.Parquet : ExportFormat.Csv;
            }
        }

        /// <summary>Before any record: the folder exists, the file may be replaced or appended to.</summary>
        private void CheckTarget()
        {
            var parent = System.IO.Path.GetDirectoryName(_path);
            if (!string.IsNullOrEmpty(parent) && !Directory.Exists(parent))
                Fail("ExportFolderNotFound", ErrorCategory.ObjectNotFound, $"The folder '{parent}' does not exist, so '{_path}' cannot be written. Create the folder first.");
            if (_format == nameof(ExportFormat.Parquet))
            {
                if (File.Exists(_path))
                    Fail("ExportPathIsFile", ErrorCategory.InvalidArgument, $"Parquet output is a folder of part files, but '{_path}' is a file. Give a folder path.");
                if (NoClobber && !Append && Directory.Exists(_path) && Directory.EnumerateFiles(_path, "part-*.parquet").Any())
                    Fail("ExportFileExists", ErrorCategory.ResourceExists, $"The folder '{_path}' already holds part files and -NoClobber was given. Use -Append to add parts, or another folder.");
                return;
            }
            if (Directory.Exists(_path))
                Fail("ExportPathIsFolder", ErrorCategory.InvalidArgument, $"'{_path}' is a folder; give the path of a file (or -Format Parquet for a folder of part files).");
            if (!File.Exists(_path)) return;
            if (NoClobber && !Append)
                Fail("ExportFileExists", ErrorCategory.ResourceExists, $"The file '{_path}' already exists and -NoClobber was given. Use -Append to add to it, or another path.");
            if ((File.GetAttributes(_path) & FileAttributes.ReadOnly) != 0 && !Force)
                Fail("ExportFileReadOnly", ErrorCategory.PermissionDenied, $"The file '{_path}' is read-only. Use -Force to write it anyway.");
        }

        protected override void ProcessRecord()
        {
            var input = InputObject;
            if (input == null) { Refuse(null, "InputNotARecord", "A null input is not a record."); return; }
            if (!_skip)
            {
                try
                {
                    switch (input.BaseObject)
                    {
                        case SyncRecord record: WriteFlat(record); break;
                        case RawSyncRecord raw: WriteRaw(raw); break;
                        default: WriteProperties(input); break;
                    }
                }
                catch (ExportException e) when (e.ErrorId == "ExportValueInvalid")
                {
                    // A value that does not fit a typed (Parquet) column: that record is not written, the others are.
                    _refused++;
                    WriteError(ToErrorRecord(e, input));
                    return;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    ThrowTerminatingError(new ErrorRecord(e, "ExportWriteFailed", ErrorCategory.WriteError, _path));
                }
            }
            if (PassThru) WriteObject(input);
        }

        [MethodImpl(Hot.Optimize)]
        private void WriteFlat(SyncRecord record)
        {
            var builder = record.Builder!;
            if (_writer == null)
            {
                if (!OpenFor(record, ExportSchema.Flat(ExportSchema.From(builder.Columns)))) return;
                _builder = builder;
            }
            if (!ReferenceEquals(builder, _builder) && !SameColumns(builder))
            {
                RefuseColumns(record, RecordColumns.RecordFields.Concat(builder.ColumnNames));
                return;
            }
            WriteFlatRow(record);
        }

        /// <summary>The row of a flat record whose columns are the file's (also the fused path's, ExportCdfRecordCommand.Fused.cs).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void WriteFlatRow(SyncRecord record) =>
            _writer!.WriteFlat(record.SpaceField, record.ExternalIdField, record.StatusField, record.CreatedTimeField, record.LastUpdatedTimeField, record.Values);

        private bool SameColumns(RecordBuilder builder)
        {
            if (_builder == null || !_builder.ColumnNames.SequenceEqual(builder.ColumnNames, StringComparer.Ordinal)) return false;
            _builder = builder;
            return true;
        }

        private void WriteRaw(RawSyncRecord raw)
        {
            if (_writer == null && !OpenFor(raw, ExportSchema.Raw())) return;
            if (_writer!.Schema.Shape != ExportShape.Raw) { RefuseShape(raw); return; }
            _writer.WriteRow(new object?[] { raw.space, raw.externalId, raw.createdTime, raw.lastUpdatedTime, raw.status, raw.properties });
        }

        /// <summary>Any other object: a record if it has Space and ExternalId properties (Get-CdfRecord's, Select-Object's, Import-Csv's).</summary>
        private void WriteProperties(PSObject input)
        {
            if (input.Properties["Space"] == null || input.Properties["ExternalId"] == null)
            {
                Refuse(input, "InputNotARecord",
                    $"The input object {Describe(input)} is not a record, so it was not written. Export-CdfRecord writes the records of Sync-CdfRecord and " +
                    "Get-CdfRecord (flat or -Raw), or objects with Space and ExternalId properties.");
                return;
            }
            if (_writer == null)
            {
                var columns = input.Properties.Select(p => new ExportColumn(p.Name, ExportSchema.KindOf(Plain(p.Value)))).ToList();
                if (!OpenFor(input, new ExportSchema(ExportShape.Properties, columns))) return;
                _columnIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < columns.Count; i++) _columnIndex[columns[i].Name] = i;
                _cells = new object?[columns.Count];
            }
            if (_writer!.Schema.Shape != ExportShape.Properties) { RefuseShape(input); return; }
            var cells = _cells!;
            Array.Clear(cells, 0, cells.Length);
            foreach (var p in input.Properties)
            {
                if (!_columnIndex!.TryGetValue(p.Name, out var i))
                {
                    RefuseColumns(input, input.Properties.Select(q => q.Name));
                    return;
                }
                cells[i] = Plain(p.Value);
            }
            _writer.WriteRow(cells);
        }

        /// <summary>Opens the output for the first record; false (and an error) when it cannot be.</summary>
        private bool OpenFor(object first, ExportSchema schema)
        {
            var options = new ExportFileOptions
            {
                Path = _path,
                Format = (ExportFormat)Enum.Parse(typeof(ExportFormat), _format),
                Encoding = Encoding ?? new UTF8Encoding(false),
                Delimiter = Delimiter,
                Append = Append,
                PartSize = PartSize,
                Unwrap = Plain,
                CommittedState = RegisterWithSession(),
            };
            try
            {
                if (Force && File.Exists(_path))
                {
                    var attributes = File.GetAttributes(_path);
                    if ((attributes & FileAttributes.ReadOnly) != 0) File.SetAttributes(_path, attributes & ~FileAttributes.ReadOnly);
                }
                _writer = RecordFileWriter.Open(schema, options);
            }
            catch (ExportException e)
            {
                ThrowTerminatingError(ToErrorRecord(e, first));
            }
            if (_writer!.CutBack > 0)
            {
                WriteVerbose(string.Format(CultureInfo.InvariantCulture,
                    "'{0}': removed {1:N0} bytes of rows (or parts) whose sync cursor was never committed; the sync reads those records again.", _path, _writer.CutBack));
            }
            return true;
        }

        /// <summary>PowerShell's wrappers off: a PSCustomObject becomes an ordered dictionary of its properties, any other PSObject its base object.</summary>
        internal static object? Plain(object? value)
        {
            if (!(value is PSObject pso)) return value;
            if (!(pso.BaseObject is PSCustomObject)) return pso.BaseObject;
            var members = new OrderedDictionary(StringComparer.Ordinal);
            foreach (var p in pso.Properties) members[p.Name] = p.Value;
            return members;
        }

        private void RefuseShape(object input) =>
            Refuse(input, "RecordShapeDiffers", $"The record {Describe(input)} has another shape (flat, -Raw, or other objects) than the first record written to '{_path}', so it was not written. Export each shape to its own file.");

        private void RefuseColumns(object input, IEnumerable<string> names) =>
            Refuse(input, "RecordColumnsDiffer",
                $"The record {Describe(input)} has other columns ({string.Join(", ", names)}) than the first record written to '{_path}' ({string.Join(", ", _writer!.Schema.Names)}), " +
                "so it was not written. Export records of other sources to their own file.");

        private void Refuse(object? input, string errorId, string message)
        {
            _refused++;
            WriteError(new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, input));
        }

        private static string Describe(object input)
        {
            var o = input is PSObject pso ? pso.BaseObject : input;
            var text = o is PSCustomObject ? input.ToString() : o.ToString();
            if (text != null && text.Length > 60) text = text.Substring(0, 57) + "...";
            return $"'{text}' ({(o is PSCustomObject ? "PSCustomObject" : o.GetType().FullName)})";
        }

        private void Fail(string errorId, ErrorCategory category, string message)
        {
            Exception e = category == ErrorCategory.InvalidArgument ? new ArgumentException(message)
                : category == ErrorCategory.ObjectNotFound ? new DirectoryNotFoundException(message)
                : category == ErrorCategory.PermissionDenied ? new UnauthorizedAccessException(message)
                : (Exception)new IOException(message);
            ThrowTerminatingError(new ErrorRecord(e, errorId, category, Path));
        }

        private ErrorRecord ToErrorRecord(ExportException e, object? target)
        {
            var category = e.ErrorId switch
            {
                "ExportHeaderMismatch" => ErrorCategory.InvalidData,
                "ExportStateInvalid" => ErrorCategory.InvalidData,
                "ExportFileShorter" => ErrorCategory.InvalidData,
                "ExportAppendRequired" => ErrorCategory.InvalidOperation,
                "ExportFileMissing" => ErrorCategory.ObjectNotFound,
                "ParquetNotAvailable" => ErrorCategory.NotImplemented,
                "InvalidDelimiter" or "InvalidEncoding" => ErrorCategory.InvalidArgument,
                "ExportValueInvalid" => ErrorCategory.InvalidData,
                _ => ErrorCategory.WriteError,
            };
            return new ErrorRecord(new IOException(e.Message, e), e.ErrorId, category, target ?? _path);
        }

        protected override void EndProcessing()
        {
            CompleteSession();
            if (_writer == null) return;
            try
            {
                _writer.Complete();
            }
            catch (Exception e) when (e is IOException || e is ExportException || e is UnauthorizedAccessException)
            {
                ThrowTerminatingError(e is ExportException x ? ToErrorRecord(x, null) : new ErrorRecord(e, "ExportWriteFailed", ErrorCategory.WriteError, _path));
            }
            WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Wrote {0:N0} records to '{1}' ({2}){3}.", _writer.Rows, _path, _format,
                _refused > 0 ? string.Format(CultureInfo.InvariantCulture, "; {0:N0} input objects were refused", _refused) : ""));
        }

        /// <summary>However the pipeline ends (Ctrl+C, a downstream Select-Object -First, an error): a complete file of what was written.</summary>
        public void Dispose()
        {
            try
            {
                _writer?.Complete();
            }
            catch (Exception e) when (e is IOException || e is ExportException || e is UnauthorizedAccessException)
            {
                // Dispose cannot report; what was committed is on disk, and the next run cuts back to it.
            }
            EndSession();
        }
    }
}
