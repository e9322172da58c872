using System;
using System.Reflection;

namespace CogniteRecords.Core.Export
{
    /// <summary>
    /// Writes the rows of one export to a file or, for Parquet, to part files. Every row is written whole or not at
    /// all; <see cref="Commit"/> makes what was written durable and says how far the output goes, so that a sync
    /// checkpoint can keep it with its cursor; <see cref="Complete"/> (also through Dispose) leaves a complete,
    /// readable output of every row written, however the run ends.
    /// </summary>
    public abstract class RecordFileWriter : IDisposable
    {
        protected RecordFileWriter(ExportSchema schema, ExportFileOptions options)
        {
            Schema = schema;
            Options = options;
        }

        public ExportSchema Schema { get; }

        protected ExportFileOptions Options { get; }

        /// <summary>Rows written by this writer.</summary>
        public long Rows { get; protected set; }

        /// <summary>Bytes of uncommitted rows (or parts) a crashed run had left, removed before writing; 0 when none.</summary>
        public long CutBack { get; protected set; }

        /// <summary>Opens the output: checks it, cuts it back to <see cref="ExportFileOptions.CommittedState"/>, checks the columns when appending.</summary>
        public static RecordFileWriter Open(ExportSchema schema, ExportFileOptions options) => options.Format switch
        {
            ExportFormat.Csv => new CsvRecordWriter(schema, options),
            ExportFormat.JsonLines => new JsonLinesRecordWriter(schema, options),
            _ => OpenParquet(schema, options),
        };

        /// <summary>A flat record: the five record fields, then one value per property column.</summary>
        public abstract void WriteFlat(string space, string externalId, string status, DateTimeOffset createdTime, DateTimeOffset lastUpdatedTime, object?[] values);

        /// <summary>A row of any shape: one cell per column.</summary>
        public abstract void WriteRow(object?[] cells);

        /// <summary>
        /// Writes out what is buffered (to storage when <paramref name="durable"/>: Flush(true)) and returns the state
        /// to keep with a sync cursor as compact JSON: {"length":N} for a file, {"lastPart":N} for part files.
        /// </summary>
        public abstract string Commit(bool durable);

        /// <summary>Writes out everything and closes the output; idempotent.</summary>
        public abstract void Complete();

        public void Dispose() => Complete();

        // Parquet.Net targets .NET 8+, so the Parquet writer is its own assembly beside the engine (lib/), loaded only
        // when asked for: the engine stays netstandard2.0 for Windows PowerShell, which gets a clear error instead.
        private const string ParquetWriterType = "CogniteRecords.Parquet.ParquetRecordWriter, CogniteRecords.Parquet";

        private static RecordFileWriter OpenParquet(ExportSchema schema, ExportFileOptions options)
        {
            Type? type;
            try
            {
                type = Type.GetType(ParquetWriterType, throwOnError: false);
            }
            catch (Exception e) when (e is BadImageFormatException || e is System.IO.FileLoadException)
            {
                type = null;
            }
            if (type == null)
            {
                throw new ExportException("ParquetNotAvailable",
                    "Parquet files need PowerShell 7.4 or later (the Parquet writer runs on .NET 8 or later); use -Format Csv or JsonLines here.");
            }
            try
            {
                return (RecordFileWriter)Activator.CreateInstance(type, schema, options)!;
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }
    }
}
