using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Streams;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates a stream from a template (ImmutableTestStream, BasicArchive, BasicLiveData).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "CdfStream", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CdfStream))]
    public sealed class NewCdfStreamCommand : CdfApiCmdlet
    {
        private CdfConnection _connection = null!;
        private IRequestObserver? _observer;

        /// <summary>The new stream's id.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ExternalId")]
        [AllowEmptyString]
        public string Stream { get; set; } = null!;

        /// <summary>The template: ImmutableTestStream, BasicArchive (immutable) or BasicLiveData (mutable).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateSet("ImmutableTestStream", "BasicArchive", "BasicLiveData")]
        public string Template { get; set; } = null!;

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
            return ShouldProcess($"stream '{Stream}' in project '{_connection.Project}'", $"Create from template {Template}");
        }

        protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
        {
            try
            {
                var created = await StreamsApi.CreateAsync(_connection.Client, Stream, Template, _observer, cancellationToken).ConfigureAwait(false);
                CogniteRecords.Filters.ContainerCompletionSource.Invalidate(_connection);
                QueueObject(new CdfStream(created));
            }
            catch (CdfApiException e) when (e.Kind == CdfErrorKind.Conflict)
            {
                QueueError(ErrorMapping.ToErrorRecord(new CdfApiException(e.Kind,
                    $"The stream '{Stream}' already exists, or was soft-deleted and its id is still taken: {e.Message}", e.StatusCode, e.ApiCode, e.RequestId),
                    "StreamExists", ErrorCategory.ResourceExists, Stream));
            }
            catch (CdfApiException e)
            {
                throw new ErrorRecordException(ErrorMapping.ToErrorRecord(e, Stream));
            }
        }
    }
}
