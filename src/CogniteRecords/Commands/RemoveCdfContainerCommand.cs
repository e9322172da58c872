using System.Collections.Generic;
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
    /// <para type="synopsis">Deletes Data Modeling containers. A container that records in a stream still hold data in is refused: delete those records or the stream first.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "CdfContainer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveCdfContainerCommand : CdfApiCmdlet
    {
        private CdfConnection _connection = null!;
        private IRequestObserver? _observer;
        private readonly List<(string Space, string ExternalId)> _confirmed = new List<(string, string)>();

        /// <summary>Containers: 'space/container', or bare ids with -Space (also Get-CdfContainer output).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Reference")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(FilterContainerCompleter))]
        public string[] Container { get; set; } = null!;

        /// <summary>The space of bare container ids.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(SpaceCompleter))]
        public string? Space { get; set; }

        protected override void BeginProcessingSync()
        {
            _connection = ResolveConnection();
            _observer = CreateObserver();
        }

        protected override bool ProcessRecordSync()
        {
            _confirmed.Clear();
            foreach (var text in Container)
            {
                var id = ContainerIds.Parse(text, Space, out var invalid);
                if (invalid != null)
                {
                    WriteError(invalid);
                    continue;
                }
                var reference = id!.Value.Space + "/" + id.Value.ExternalId;
                if (ShouldProcess(
                    $"Deleting container '{reference}' of project '{_connection.Project}'.",
                    $"Delete container '{reference}' of project '{_connection.Project}'? Records can no longer be written to it.",
                    "Remove-CdfContainer"))
                    _confirmed.Add(id.Value);
            }
            return _confirmed.Count > 0;
        }

        protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
        {
            // One container per call: the API deletes nothing of a request in which one container is refused.
            foreach (var id in _confirmed)
            {
                var reference = id.Space + "/" + id.ExternalId;
                try
                {
                    var ids = new[] { id };
                    // The delete call ignores unknown ids: read first to say so.
                    var found = await ContainersApi.RetrieveAsync(_connection.Client, ids, _observer, cancellationToken).ConfigureAwait(false);
                    if (found.Count == 0)
                    {
                        QueueError(ErrorMapping.Make("ContainerNotFound", ErrorCategory.ObjectNotFound,
                            $"The container '{reference}' was not found in project '{_connection.Project}'.", reference));
                        continue;
                    }
                    await ContainersApi.DeleteAsync(_connection.Client, ids, _observer, cancellationToken).ConfigureAwait(false);
                    QueueVerbose($"Deleted container '{reference}'.");
                }
                catch (CdfApiException e) when (e.Kind == CdfErrorKind.Conflict)
                {
                    var record = ErrorMapping.ToErrorRecord(e, "ContainerInUse", ErrorCategory.InvalidOperation, reference);
                    record.ErrorDetails = new ErrorDetails(record.Exception.Message)
                    {
                        RecommendedAction = "Delete the records that hold data in the container (Remove-CdfRecord), or remove their streams (Remove-CdfStream), then try again.",
                    };
                    QueueError(record);
                }
                catch (CdfApiException e)
                {
                    throw new ErrorRecordException(ErrorMapping.ToErrorRecord(e, reference));
                }
            }
            ContainerCompletionSource.Invalidate(_connection);
        }
    }
}
