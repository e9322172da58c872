using System.Collections.Generic;

namespace CogniteRecords.Internal
{
    /// <summary>One input object as read on the pipeline thread: its row number, columns, or a ready id.</summary>
    internal sealed class RecordInput
    {
        public RecordInput(long row, IReadOnlyList<KeyValuePair<string, object?>>? columns, string? space, string? externalId, bool isNull = false)
        {
            Row = row; Columns = columns; Space = space; ExternalId = externalId; IsNull = isNull;
        }

        /// <summary>The input object was $null: the row fails as NullRecord when it is turned into a record.</summary>
        public bool IsNull { get; }

        public long Row { get; }
        public IReadOnlyList<KeyValuePair<string, object?>>? Columns { get; }
        public string? Space { get; }
        public string? ExternalId { get; }
    }
}
