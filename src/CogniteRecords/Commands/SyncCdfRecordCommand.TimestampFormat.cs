using System;
using System.Management.Automation;
using CogniteRecords.Core.Records;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    // -TimestampFormat: how the flat records give timestamps and dates (objects, or ISO 8601 text for Export-Csv).
    public sealed partial class SyncCdfRecordCommand
    {
        /// <summary>
        /// DateTime (default): timestamps as UTC DateTimeOffset, dates as DateTime. Iso8601: timestamps and dates as
        /// ISO 8601 text (2026-12-02T12:53:41.965Z, 2026-12-02), so that Export-Csv writes them whole in any culture.
        /// </summary>
        [Parameter]
        [ValidateSet("DateTime", "Iso8601", IgnoreCase = true)]
        public string TimestampFormat { get; set; } = "DateTime";

        private bool TimestampsAsText => string.Equals(TimestampFormat, "Iso8601", StringComparison.OrdinalIgnoreCase);

        /// <summary>Before any request: -TimestampFormat Iso8601 shapes the flat records, which -Raw does not write.</summary>
        private void CheckTimestampFormat()
        {
            if (Raw && TimestampsAsText)
            {
                throw new CdfArgumentException("TimestampFormatWithRaw", "TimestampFormat",
                    "-TimestampFormat Iso8601 applies to the flat records: -Raw writes the API's own shape, with createdTime and lastUpdatedTime " +
                    "as epoch milliseconds and property values as the API sends them (timestamps already ISO 8601 text). Drop one of the two.");
            }
        }

        private RecordBuilder NewRecordBuilder(RecordColumns columns) => new RecordBuilder(columns, TimestampsAsText);
    }
}
