using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Streams;
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
        [ArgumentCompleter(typeof(CogniteRecords.Completion.StreamCompleter))]
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
                {
                    if (pattern != null && !pattern.IsMatch(s.ExternalId)) continue;
                    // The list carries no statistics: each stream is read with them, so that Records and GigaBytes are filled.
                    StreamInfo withStatistics;
                    try
                    {
                        withStatistics = await StreamsApi.RetrieveAsync(_connection.Client, s.ExternalId, true, _observer, cancellationToken).ConfigureAwait(false);
                    }
                    catch (CdfApiException e) when (e.Kind == CdfErrorKind.NotFound)
                    {
                        continue; // deleted since the list was read
                    }
                    QueueObject(new CdfStream(withStatistics));
                }
            }
            catch (CdfApiException e) when (e.Kind == CdfErrorKind.NotFound)
            {
                // One missing stream is not the end of a pipeline of ids: a non-terminating error.
                QueueError(ErrorMapping.StreamNotFound(e, Stream, _connection.Project));
            }
            catch (CdfApiException e)
            {
                throw new ErrorRecordException(ErrorMapping.ToErrorRecord(e, Stream));
            }
        }
    }
}
