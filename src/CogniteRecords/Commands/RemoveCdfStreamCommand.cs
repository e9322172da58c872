using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Streams;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Soft-deletes a stream: its records become unreachable, and its id stays taken until the retention after soft delete ends.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "CdfStream", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveCdfStreamCommand : CdfApiCmdlet
    {
        private CdfConnection _connection = null!;
        private IRequestObserver? _observer;

        /// <summary>The stream id; from the pipeline, stream ids or Get-CdfStream output (its ExternalId).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ExternalId")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(CogniteRecords.Completion.StreamCompleter))]
        public string Stream { get; set; } = null!;

        protected override void BeginProcessingSync()
        {
            _connection = ResolveConnection();
            _observer = CreateObserver();
        }

        protected override bool ProcessRecordSync()
        {
            if (ErrorMapping.CheckStreamId(Stream) is ErrorRecord invalid)
            {
                WriteError(invalid);
                return false;
            }
            return ShouldProcess(
                $"Soft-deleting stream '{Stream}' of project '{_connection.Project}': its records become unreachable, and the id cannot be used for a new stream until the stream's retention after soft delete ends.",
                $"Soft-delete stream '{Stream}' of project '{_connection.Project}' (its records become unreachable; the id stays taken until the retention after soft delete ends)?",
                "Remove-CdfStream");
        }

        protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
        {
            try
            {
                // Read it first: to say how long the id stays taken, and to refuse an unknown id (the delete call would not).
                var stream = await StreamsApi.RetrieveAsync(_connection.Client, Stream, false, _observer, cancellationToken).ConfigureAwait(false);
                await StreamsApi.DeleteAsync(_connection.Client, Stream, _observer, cancellationToken).ConfigureAwait(false);
                CogniteRecords.Filters.ContainerCompletionSource.Invalidate(_connection);
                QueueWarning($"Stream '{Stream}' was soft-deleted: its records are no longer reachable, and its id cannot be reused for " +
                    (stream.RetainedAfterSoftDelete ?? "the retention period") + " (retainedAfterSoftDelete).");
            }
            catch (CdfApiException e) when (e.Kind == CdfErrorKind.NotFound)
            {
                QueueError(ErrorMapping.StreamNotFound(e, Stream, _connection.Project));
            }
            catch (CdfApiException e)
            {
                throw new ErrorRecordException(ErrorMapping.ToErrorRecord(e, Stream));
            }
        }
    }
}
