using System.Collections.Specialized;
using System.Management.Automation;

namespace CogniteRecords.Commands
{
    // Sync-CdfRecord -AsHashtable: each record as an ordered hashtable (RecordBuilder.Output through RecordHashtable).
    [OutputType(typeof(OrderedDictionary), ParameterSetName = new[] { "Hashtable" })]
    public sealed partial class SyncCdfRecordCommand
    {
        /// <summary>
        /// Write each record as an ordered hashtable (keys Space, ExternalId, Status, CreatedTime, LastUpdatedTime, then the
        /// properties, with the flat record's values), as ConvertFrom-Json -AsHashtable does; not with -Raw.
        /// </summary>
        [Parameter(ParameterSetName = "Hashtable")]
        public SwitchParameter AsHashtable { get; set; }
    }
}
