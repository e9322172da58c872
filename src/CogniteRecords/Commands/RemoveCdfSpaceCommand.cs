using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Models;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Sync;
using CogniteRecords.Filters;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Deletes Data Modeling spaces. Only an empty space can be deleted: remove its containers (and the records written in it) first.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "CdfSpace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveCdfSpaceCommand : CdfApiCmdlet
    {
        private CdfConnection _connection = null!;
        private IRequestObserver? _observer;
        private readonly List<string> _confirmed = new List<string>();

        /// <summary>The space ids (also from Get-CdfSpace output).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(SpaceCompleter))]
        public string[] Space { get; set; } = null!;

        protected override void BeginProcessingSync()
        {
            _connection = ResolveConnection();
            _observer = CreateObserver();
        }

        protected override bool ProcessRecordSync()
        {
            _confirmed.Clear();
            foreach (var space in Space)
            {
                if (Identifiers.CheckSpace(space) is string why)
                    WriteError(ErrorMapping.Make("InvalidSpace", ErrorCategory.InvalidArgument, why, space));
                else if (ShouldProcess(
                    $"Deleting space '{space}' of project '{_connection.Project}'.",
                    $"Delete space '{space}' of project '{_connection.Project}'? Only an empty space can be deleted.",
                    "Remove-CdfSpace"))
                    _confirmed.Add(space);
            }
            return _confirmed.Count > 0;
        }

        protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
        {
            // One space per call: the API deletes nothing of a request in which one space is refused.
            foreach (var space in _confirmed)
            {
                try
                {
                    // The delete call ignores unknown ids: read first to say so.
                    var found = await SpacesApi.RetrieveAsync(_connection.Client, new[] { space }, _observer, cancellationToken).ConfigureAwait(false);
                    if (found.Count == 0)
                    {
                        QueueError(ErrorMapping.Make("SpaceNotFound", ErrorCategory.ObjectNotFound,
                            $"The space '{space}' was not found in project '{_connection.Project}'.", space));
                        continue;
                    }
                    await SpacesApi.DeleteAsync(_connection.Client, new[] { space }, _observer, cancellationToken).ConfigureAwait(false);
                    QueueVerbose($"Deleted space '{space}'.");
                }
                catch (CdfApiException e) when (e.Kind == CdfErrorKind.Conflict)
                {
                    var record = ErrorMapping.ToErrorRecord(e, "SpaceNotEmpty", ErrorCategory.InvalidOperation, space);
                    record.ErrorDetails = new ErrorDetails(record.Exception.Message)
                    {
                        RecommendedAction = "Remove the space's containers first (Get-CdfContainer -Space " + space + " | Remove-CdfContainer), and the records written in it.",
                    };
                    QueueError(record);
                }
                catch (CdfApiException e)
                {
                    throw new ErrorRecordException(ErrorMapping.ToErrorRecord(e, space));
                }
            }
            ContainerCompletionSource.Invalidate(_connection);
        }
    }
}
