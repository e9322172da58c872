using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Streams;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates a stream from a template (ImmutableTestStream, BasicArchive, BasicLiveData, or another the project has).</para>
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

        /// <summary>
        /// The template: any the project has. Tab completes the reference's ImmutableTestStream, BasicArchive (immutable) and
        /// BasicLiveData (mutable); projects may be given others.
        /// </summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(StreamTemplateCompleter))]
        [AllowEmptyString]
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
            if (string.IsNullOrWhiteSpace(Template) || Template.Trim() != Template)
            {
                WriteError(ErrorMapping.Make("InvalidTemplate", ErrorCategory.InvalidArgument,
                    $"The template name '{Template}' is empty or has leading or trailing spaces: give a template the project has (e.g. {string.Join(", ", StreamsApi.Templates)}).", Stream));
                return false;
            }
            return ShouldProcess($"stream '{Stream}' in project '{_connection.Project}'", $"Create from template {Template}");
        }

        protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
        {
            try
            {
                var result = await StreamCreation.CreateAsync(_connection.Client, Stream, Template, _observer, cancellationToken).ConfigureAwait(false);
                if (result.Recovered)
                {
                    QueueVerbose($"The create of stream '{Stream}' lost its answer and was retried; the stream was read back: made from template '{Template}' by this call.");
                }
                CogniteRecords.Filters.ContainerCompletionSource.Invalidate(_connection);
                QueueObject(new CdfStream(result.Stream));
            }
            catch (CdfApiException e) when (StreamCreation.IsQuotaRefusal(e))
            {
                QueueError(ErrorMapping.ToErrorRecord(new CdfApiException(e.Kind,
                    $"The stream '{Stream}' was not created: the project's stream quota is reached. {e.Message} " +
                    "Each template allows only a few active streams per project, and soft-deleted streams count until their retention ends: " +
                    "remove a stream you no longer need (Remove-CdfStream), reuse one, or ask for another template.", e.StatusCode, e.ApiCode, e.RequestId),
                    "StreamQuotaExceeded", ErrorCategory.QuotaExceeded, Stream));
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
