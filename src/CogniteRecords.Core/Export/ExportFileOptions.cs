using System;
using System.Text;

namespace CogniteRecords.Core.Export
{
    /// <summary>What an export writes to and how.</summary>
    public sealed class ExportFileOptions
    {
        /// <summary>The full path of the file (CSV, JSON Lines) or of the folder of part files (Parquet).</summary>
        public string Path { get; set; } = "";

        public ExportFormat Format { get; set; }

        /// <summary>CSV only; JSON Lines and Parquet are UTF-8 by definition.</summary>
        public Encoding Encoding { get; set; } = new UTF8Encoding(false);

        /// <summary>CSV only.</summary>
        public char Delimiter { get; set; } = ',';

        /// <summary>Add to an existing file (its columns must be the same) instead of replacing it.</summary>
        public bool Append { get; set; }

        /// <summary>Parquet: records per part file; 0 for one part per run.</summary>
        public int PartSize { get; set; }

        /// <summary>Turns wrapped values (PowerShell's PSObject) into plain ones, at every depth.</summary>
        public Func<object?, object?>? Unwrap { get; set; }

        /// <summary>
        /// The output's committed state from a sync checkpoint (what <see cref="RecordFileWriter.Commit"/> returned
        /// when the cursor was last committed): the output is cut back to it before anything is written, and then
        /// continued, whatever <see cref="Append"/> says. Null when there is none.
        /// </summary>
        public string? CommittedState { get; set; }
    }
}
