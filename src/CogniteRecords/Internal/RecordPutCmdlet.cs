using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Models;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Internal
{
    /// <summary>
    /// The base of Add-CdfRecord and Set-CdfRecord: records from pipeline objects (Import-Csv rows, hashtables,
    /// Sync-CdfRecord output) mapped onto container properties, values converted to the properties' types.
    /// </summary>
    public abstract class RecordPutCmdlet : RecordWriteCmdlet
    {
        private RecordMapping _mapping = null!;
        private List<(string Space, string Container)> _containers = null!;
        private List<KeyValuePair<string, string?>>? _map;

        /// <summary>A record: an object whose properties are columns, or a hashtable.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowNull]
        public PSObject? InputObject { get; set; }

        /// <summary>The containers the values go to: 'space/container' (1-10).</summary>
        [Parameter(Mandatory = true)]
        [ValidateCount(1, 10)]
        [ArgumentCompleter(typeof(CogniteRecords.Filters.FilterContainerCompleter))]
        public string[] Container { get; set; } = null!;

        /// <summary>The space of every record; without it, each object's Space column.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(CogniteRecords.Filters.SpaceCompleter))]
        public string? Space { get; set; }

        /// <summary>Column → property: 'prop', 'container/prop', 'space/container/prop', 'externalId', 'space', or $null to skip the column.</summary>
        [Parameter]
        [Alias("Map")]
        public IDictionary? Property { get; set; }

        /// <summary>Skip columns that match no property instead of stopping.</summary>
        [Parameter]
        public SwitchParameter IgnoreUnknownColumn { get; set; }

        /// <summary>Split list values given as text (not JSON arrays) on this separator, e.g. ';'.</summary>
        [Parameter]
        public string? ListSeparator { get; set; }

        /// <summary>Read date and timestamp text that is not ISO 8601 in these formats (e.g. 'dd/MM/yyyy HH:mm:ss') instead of the current culture.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? DateFormat { get; set; }

        private TextReading _reading = null!;

        internal override void ValidateParameters()
        {
            // The culture of the session, taken here on the pipeline thread: values are converted on a worker thread.
            _reading = new TextReading(CultureInfo.CurrentCulture, DateFormat);
            _containers = new List<(string, string)>();
            foreach (var c in Container)
            {
                var parts = (c ?? "").Split('/');
                var why = parts.Length != 2 ? $"The container '{c}' is not valid: give 'space/container'." : Identifiers.CheckSpace(parts[0]) ?? Identifiers.CheckContainer(parts[1]);
                if (why != null) ThrowTerminatingError(ErrorMapping.Make("InvalidContainer", ErrorCategory.InvalidArgument, why, c));
                if (!_containers.Contains((parts[0], parts[1]))) _containers.Add((parts[0], parts[1]));
            }
            if (Space != null)
            {
                var why = Identifiers.CheckSpace(Space);
                if (why != null) ThrowTerminatingError(ErrorMapping.Make("InvalidSpace", ErrorCategory.InvalidArgument, why, Space));
            }
            if (Property != null)
            {
                _map = new List<KeyValuePair<string, string?>>();
                foreach (DictionaryEntry e in Property)
                {
                    var key = Convert.ToString(e.Key is PSObject pk ? pk.BaseObject : e.Key, CultureInfo.InvariantCulture) ?? "";
                    var value = e.Value is PSObject pv ? pv.BaseObject : e.Value;
                    _map.Add(new KeyValuePair<string, string?>(key, value == null ? null : Convert.ToString(value, CultureInfo.InvariantCulture)));
                }
            }
        }

        internal override IEnumerable<RecordInput> ReadInput(Func<long> nextRow)
        {
            var row = nextRow();
            if (InputObject == null)
            {
                yield return new RecordInput(row, null, null, null, isNull: true);
                yield break;
            }
            var columns = ColumnsOf(InputObject);
            if (!_sharedChecked)
            {
                _sharedChecked = true;
                CheckColumns(row, columns);
            }
            string? space = Space, id = null;
            foreach (var c in columns)
            {
                if (space == null && string.Equals(c.Key, "Space", StringComparison.OrdinalIgnoreCase)) space = c.Value as string;
                else if (string.Equals(c.Key, "ExternalId", StringComparison.OrdinalIgnoreCase)) id = c.Value as string;
            }
            yield return new RecordInput(row, columns, space, id);
        }

        private bool _sharedChecked;

        /// <summary>
        /// On the first row: a Space (or -Space) and an ExternalId column that every row needs. Their absence is one
        /// error before anything is sent, not one per row.
        /// </summary>
        private void CheckColumns(long row, List<KeyValuePair<string, object?>> columns)
        {
            bool MapsTo(string target) => _map != null && _map.Any(e => string.Equals(e.Value?.Trim(), target, StringComparison.OrdinalIgnoreCase));
            bool Has(string name) => columns.Any(c => string.Equals(c.Key, name, StringComparison.OrdinalIgnoreCase)
                && !(_map?.Any(e => string.Equals(e.Key, name, StringComparison.OrdinalIgnoreCase)) ?? false));
            var names = columns.Count == 0 ? "none" : string.Join(", ", columns.Select(c => c.Key));
            if (Space == null && !Has("Space") && !MapsTo("space"))
            {
                ThrowTerminatingError(ErrorMapping.Make("MissingSpace", ErrorCategory.InvalidArgument,
                    $"No row can be written: there is no -Space, and the input has no Space column (row {row} has the columns: {names}). " +
                    "Give -Space, add a Space column, or map a column to it with -Property @{ 'column' = 'space' }. Nothing was sent."));
            }
            if (!Has("ExternalId") && !MapsTo("externalId"))
            {
                ThrowTerminatingError(ErrorMapping.Make("MissingExternalId", ErrorCategory.InvalidArgument,
                    $"No row can be written: the input has no ExternalId column (row {row} has the columns: {names}). " +
                    "Add an ExternalId column, or map a column to it with -Property @{ 'column' = 'externalId' }. Nothing was sent."));
            }
        }

        internal override string TargetOf(RecordInput row) =>
            $"record '{row.Space}/{row.ExternalId}' (row {row.Row}) in stream '{Stream}'";

        internal override async Task PrepareAsync(RecordWriterOptions options, IRequestObserver observer, CancellationToken cancellationToken)
        {
            IReadOnlyList<ContainerDefinition> found;
            try
            {
                found = await ContainersApi.RetrieveAsync(ConnectionInUse.Client, _containers, observer, cancellationToken).ConfigureAwait(false);
            }
            catch (CdfApiException e) when (e.Kind == CdfErrorKind.NotFound || (e.Kind == CdfErrorKind.InvalidRequest && e.Missing.Count > 0))
            {
                throw new SourceNotFoundException("ContainerNotFound", "A container was not found: " + e.Message);
            }
            var ordered = new List<ContainerDefinition>();
            foreach (var (space, container) in _containers)
            {
                var def = found.FirstOrDefault(c => c.Space == space && c.ExternalId == container)
                    ?? throw new SourceNotFoundException("ContainerNotFound", $"The container '{space}/{container}' was not found in project '{ConnectionInUse.Project}'. Nothing was sent.");
                ordered.Add(def);
            }
            _mapping = new RecordMapping(ordered, _map, Space, IgnoreUnknownColumn, ListSeparator, _reading);
            options.Containers = _containers;
            options.TypeOf = _mapping.TypeOf;
        }

        internal override PendingRecord? ToRecord(RecordInput row)
        {
            if (row.IsNull) throw new RecordRowException("NullRecord", $"Row {row.Row} is null: nothing to write.", null);
            return _mapping.Map(row.Row, row.Columns!);
        }
    }
}
