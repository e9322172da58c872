using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Streams;
using CogniteRecords.Core.Sync;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists the streams of the project, or gets one stream with its statistics (records and data held).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CdfStream")]
    [OutputType(typeof(CdfStream))]
    public sealed class GetCdfStreamCommand : CdfApiCmdlet
    {
        private CdfConnection _connection = null!;
        private IRequestObserver? _observer;

        /// <summary>A stream id (with statistics), or a wildcard pattern over the list; leave out for every stream.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ExternalId")]
        [SupportsWildcards]
        public string? Stream { get; set; }

        protected override void BeginProcessingSync()
        {
            _connection = ResolveConnection();
            _observer = CreateObserver();
        }

        protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
        {
            try
            {
                if (!string.IsNullOrEmpty(Stream) && !WildcardPattern.ContainsWildcardCharacters(Stream))
                {
                    if (ErrorMapping.CheckStreamId(Stream) is ErrorRecord invalid) throw new ErrorRecordException(invalid);
                    var one = await StreamsApi.RetrieveAsync(_connection.Client, Stream!, true, _observer, cancellationToken).ConfigureAwait(false);
                    QueueObject(new CdfStream(one));
                    return;
                }
                var pattern = string.IsNullOrEmpty(Stream) ? null : new WildcardPattern(Stream, WildcardOptions.IgnoreCase);
                var all = await StreamsApi.ListAsync(_connection.Client, _observer, cancellationToken).ConfigureAwait(false);
                foreach (var s in all.OrderBy(s => s.ExternalId, StringComparer.Ordinal))
                    if (pattern == null || pattern.IsMatch(s.ExternalId)) QueueObject(new CdfStream(s));
            }
            catch (CdfApiException e) when (e.Kind == CdfErrorKind.NotFound)
            {
                // One missing stream is not the end of a pipeline of ids: a non-terminating error.
                QueueError(ErrorMapping.ToErrorRecord(e, "StreamNotFound", ErrorCategory.ObjectNotFound, Stream));
            }
            catch (CdfApiException e)
            {
                throw new ErrorRecordException(ErrorMapping.ToErrorRecord(e, Stream));
            }
        }
    }

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

    /// <summary>
    /// <para type="synopsis">Soft-deletes a stream: its records become unreachable, and its id stays taken until the retention after soft delete ends.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "CdfStream", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveCdfStreamCommand : CdfApiCmdlet
    {
        private CdfConnection _connection = null!;
        private IRequestObserver? _observer;

        /// <summary>The stream id (also from Get-CdfStream output).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ExternalId")]
        [AllowEmptyString]
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
                QueueWarning($"Stream '{Stream}' was soft-deleted: its records are no longer reachable, and its id cannot be reused for " +
                    (stream.RetainedAfterSoftDelete ?? "the retention period") + " (retainedAfterSoftDelete).");
            }
            catch (CdfApiException e) when (e.Kind == CdfErrorKind.NotFound)
            {
                QueueError(ErrorMapping.ToErrorRecord(e, "StreamNotFound", ErrorCategory.ObjectNotFound, Stream));
            }
            catch (CdfApiException e)
            {
                throw new ErrorRecordException(ErrorMapping.ToErrorRecord(e, Stream));
            }
        }
    }
}
