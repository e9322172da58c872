using System.Collections.Generic;
using System.Collections.ObjectModel;
using CogniteRecords.Core.Json;

namespace CogniteRecords
{
    /// <summary>
    /// A list value of a record (a list property, or an array inside a json property). It behaves as a read-only
    /// list (index it, enumerate it, use -contains), and its ToString() is compact JSON, so that Export-Csv writes
    /// the list as JSON rather than a type name.
    /// </summary>
    public sealed class JsonArrayValue : ReadOnlyCollection<object?>
    {
        /// <summary>
        /// A list value over these items. PowerShell uses it to set a list property of a flat record:
        /// <c>$record.tags = @('a', 'b')</c> or <c>$record.tags = $record.tags + 'c'</c>.
        /// </summary>
        public JsonArrayValue(IList<object?> items) : base(items) { }

        /// <summary>The list as compact JSON.</summary>
        public override string ToString() => CompactJson.Serialize(this);
    }
}
