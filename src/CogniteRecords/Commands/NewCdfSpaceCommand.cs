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
    /// <para type="synopsis">Creates a Data Modeling space, the namespace containers and records live in; an existing space is kept (its name and description are updated when given).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "CdfSpace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CdfSpace))]
    public sealed class NewCdfSpaceCommand : CdfApiCmdlet
    {
        private CdfConnection _connection = null!;
        private IRequestObserver? _observer;

        /// <summary>The space id: 1-43 letters, digits, '_' and '-', starting with a letter.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string Space { get; set; } = null!;

        /// <summary>A readable name.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Name { get; set; }

        /// <summary>What the space is for.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Description { get; set; }

        protected override void BeginProcessingSync()
        {
            _connection = ResolveConnection();
            _observer = CreateObserver();
        }

        protected override bool ProcessRecordSync()
        {
            if (SpacesApi.CheckNewSpace(Space) is string why)
            {
                WriteError(ErrorMapping.Make("InvalidSpace", ErrorCategory.InvalidArgument, why, Space));
                return false;
            }
            return ShouldProcess($"space '{Space}' in project '{_connection.Project}'", "Create (kept if it exists)");
        }

        protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
        {
            try
            {
                // The API's create is an upsert that would clear a name or description left out: read first, keep what is
                // not given, and send nothing when nothing changes (so a runbook can run New-CdfSpace every time).
                var found = await SpacesApi.RetrieveAsync(_connection.Client, new[] { Space }, _observer, cancellationToken).ConfigureAwait(false);
                var existing = found.Count > 0 ? found[0] : null;
                if (existing != null && (Name == null || Name == existing.Name) && (Description == null || Description == existing.Description))
                {
                    QueueVerbose($"The space '{Space}' exists already; nothing to change.");
                    QueueObject(new CdfSpace(existing));
                    return;
                }
                var space = new SpaceDefinition(Space) { Name = Name ?? existing?.Name, Description = Description ?? existing?.Description };
                var written = await SpacesApi.UpsertAsync(_connection.Client, new[] { space }, _observer, cancellationToken).ConfigureAwait(false);
                ContainerCompletionSource.Invalidate(_connection);
                foreach (var s in written) QueueObject(new CdfSpace(s));
            }
            catch (CdfApiException e)
            {
                throw new ErrorRecordException(ErrorMapping.ToErrorRecord(e, Space));
            }
        }
    }
}
