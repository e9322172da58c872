using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Models;
using CogniteRecords.Filters;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates a Data Modeling container for records: from property types (-Property), or with the properties and types proposed from objects piped in, such as Import-Csv rows (-FromObject; -WhatIf shows the proposal).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "CdfContainer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PropertySet)]
    [OutputType(typeof(CdfContainer))]
    public sealed class NewCdfContainerCommand : CdfApiCmdlet
    {
        private const string PropertySet = "Property";
        private const string FromObjectSet = "FromObject";

        private CdfConnection _connection = null!;
        private IRequestObserver? _observer;
        private (string Space, string ExternalId) _id;
        private List<KeyValuePair<string, PropertyType>> _given = new List<KeyValuePair<string, PropertyType>>();
        private HashSet<string> _nullableGiven = new HashSet<string>();
        private readonly List<IReadOnlyList<KeyValuePair<string, object?>>> _rows = new List<IReadOnlyList<KeyValuePair<string, object?>>>();

        /// <summary>The container: 'space/container', or a bare id with -Space.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ArgumentCompleter(typeof(FilterContainerCompleter))]
        public string Container { get; set; } = null!;

        /// <summary>The space of a bare container id.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(SpaceCompleter))]
        public string? Space { get; set; }

        /// <summary>
        /// Property id → type: 'text', 'boolean', 'float32', 'float64', 'int32', 'int64', 'timestamp', 'date', 'json',
        /// 'direct', with [] for a list, or 'enum(a,b)'; or a hashtable with Type, Nullable, Name, Description, Values
        /// (enum). With -FromObject: types that replace (or add to) the proposal; a replaced property keeps the proposed
        /// nullability unless the hashtable gives Nullable.
        /// </summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = PropertySet)]
        [Parameter(ParameterSetName = FromObjectSet)]
        public IDictionary Property { get; set; } = null!;

        /// <summary>Propose the properties from the objects piped in (their property names and values).</summary>
        [Parameter(Mandatory = true, ParameterSetName = FromObjectSet)]
        public SwitchParameter FromObject { get; set; }

        /// <summary>An object whose properties are columns (an Import-Csv row, a hashtable, any object).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = FromObjectSet)]
        public PSObject InputObject { get; set; } = null!;

        /// <summary>Columns to leave out of the proposal (for example the column that holds the record id).</summary>
        [Parameter(ParameterSetName = FromObjectSet)]
        public string[]? Exclude { get; set; }

        /// <summary>A readable name.</summary>
        [Parameter]
        public string? Name { get; set; }

        /// <summary>What the container holds.</summary>
        [Parameter]
        public string? Description { get; set; }

        /// <summary>What may use the container: record (the default), node, edge or all.</summary>
        [Parameter]
        [ValidateSet("record", "node", "edge", "all")]
        public string UsedFor { get; set; } = "record";

        /// <summary>Replace the definition of a container that exists (CDF refuses changing the type of a property in use).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessingSync()
        {
            _connection = ResolveConnection();
            _observer = CreateObserver();
            var id = ContainerIds.Parse(Container, Space, out var invalid);
            if (invalid != null) ThrowTerminatingError(invalid);
            _id = id!.Value;
            try
            {
                if (Property != null) _given = PropertySpecs.Parse(Property, out _nullableGiven);
            }
            catch (ErrorRecordException e)
            {
                ThrowTerminatingError(e.ErrorRecord);
            }
        }

        protected override bool ProcessRecordSync()
        {
            // Rows are only read here; the proposal needs all of them, so the work happens at the end.
            if (ParameterSetName == FromObjectSet && InputObject != null) _rows.Add(RecordWriteCmdlet.ColumnsOf(InputObject));
            return false;
        }

        protected override async Task EndProcessingAsync(CancellationToken cancellationToken)
        {
            var properties = ParameterSetName == FromObjectSet ? Propose() : _given;
            if (properties.Count == 0)
                throw new ErrorRecordException(ErrorMapping.Make("NoProperties", ErrorCategory.InvalidArgument,
                    "The container would have no properties: give -Property, or pipe objects with columns to -FromObject.", Container));
            if (properties.Count > PropertySpecs.MaxProperties)
                throw new ErrorRecordException(ErrorMapping.Make("TooManyProperties", ErrorCategory.InvalidArgument,
                    $"The container would have {properties.Count} properties; a container holds at most {PropertySpecs.MaxProperties}.", Container));

            var reference = _id.Space + "/" + _id.ExternalId;
            var proposal = string.Join(", ", properties.Select(PropertySpecs.Describe));
            foreach (var p in properties) QueueVerbose("Property " + PropertySpecs.Describe(p));
            var go = await InvokeOnPipelineAsync(() => ShouldProcess(
                $"container '{reference}' in project '{_connection.Project}'", $"Create with {properties.Count} properties: {proposal}")).ConfigureAwait(false);
            if (!go) return;

            try
            {
                var ids = new List<(string, string)> { _id };
                var existing = await ContainersApi.RetrieveAsync(_connection.Client, ids, _observer, cancellationToken).ConfigureAwait(false);
                if (existing.Count > 0 && !Force)
                    throw new ErrorRecordException(ErrorMapping.Make("ContainerExists", ErrorCategory.ResourceExists,
                        $"The container '{reference}' exists already: use it as it is (Get-CdfContainer {reference}), remove it first, or pass -Force to replace its definition.", reference));
                var definition = new ContainerDefinition(_id.Space, _id.ExternalId, properties) { Name = Name, Description = Description, UsedFor = UsedFor };
                var written = await ContainersApi.UpsertAsync(_connection.Client, new[] { definition }, _observer, cancellationToken).ConfigureAwait(false);
                ContainerCompletionSource.Invalidate(_connection);
                foreach (var c in written) QueueObject(new CdfContainer(c));
            }
            catch (CdfApiException e)
            {
                throw new ErrorRecordException(ErrorMapping.ToErrorRecord(e, reference));
            }
        }

        /// <summary>
        /// The properties proposed from the rows: reserved columns (externalId, space, ...) and -Exclude left out, then
        /// -Property applied over the proposal. A column name that cannot be a property id stops before any request.
        /// </summary>
        private List<KeyValuePair<string, PropertyType>> Propose()
        {
            if (_rows.Count == 0)
                throw new ErrorRecordException(ErrorMapping.Make("NoInput", ErrorCategory.InvalidArgument,
                    "-FromObject proposes properties from the objects piped in, and none came.", Container));
            var excluded = new HashSet<string>(Exclude ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
            var result = new List<KeyValuePair<string, PropertyType>>();
            foreach (var column in PropertyTypeInference.Propose(_rows))
            {
                if (excluded.Contains(column.Name)) continue;
                if (IsRecordField(column.Name))
                {
                    QueueVerbose($"The column '{column.Name}' is a top-level field of every record, not a container property: left out.");
                    continue;
                }
                if (PropertySpecs.CheckName(column.Name) is string why)
                    throw new ErrorRecordException(ErrorMapping.Make("InvalidPropertyName", ErrorCategory.InvalidArgument,
                        why + " Rename the column, or leave it out with -Exclude.", column.Name));
                result.Add(new KeyValuePair<string, PropertyType>(column.Name, column.Result));
            }
            foreach (var given in _given)
            {
                var at = result.FindIndex(p => string.Equals(p.Key, given.Key, StringComparison.Ordinal));
                if (at < 0)
                {
                    result.Add(given);
                    continue;
                }
                // A type given without Nullable keeps what the rows showed (an empty cell makes it nullable).
                if (!_nullableGiven.Contains(given.Key)) given.Value.Nullable = result[at].Value.Nullable;
                result[at] = given;
            }
            return result;
        }

        // Compared ignoring case, as Add-CdfRecord maps columns: an 'ExternalId' column holds the record ids.
        private static readonly string[] RecordFields = { "space", "externalId", "createdTime", "lastUpdatedTime", "deletedTime", "extensions" };

        private static bool IsRecordField(string name) => RecordFields.Contains(name, StringComparer.OrdinalIgnoreCase);
    }
}
