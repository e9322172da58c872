using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Filters;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Streams;
using CogniteRecords.Core.Sync;
using CogniteRecords.Filters;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Queries the current records of a stream (the filter endpoint): filter, sort, limit, and a lastUpdatedTime range.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CdfRecord", DefaultParameterSetName = "Flat")]
    [OutputType(typeof(Record), ParameterSetName = new[] { "Flat" })]
    [OutputType(typeof(RawSyncRecord), ParameterSetName = new[] { "Raw" })]
    [OutputType(typeof(OrderedDictionary), ParameterSetName = new[] { "Hashtable" })]
    public sealed class GetCdfRecordCommand : CdfApiCmdlet
    {
        private CdfConnection _connection = null!;
        private RecordQueryRequest _request = null!;
        private IRequestObserver? _observer;
        private bool _verbose;

        /// <summary>The stream id; from the pipeline, stream ids or Get-CdfStream output (its ExternalId).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ExternalId")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(CogniteRecords.Completion.StreamCompleter))]
        public string Stream { get; set; } = null!;

        /// <summary>Containers and properties to return: 'space/container', 'space/container/prop', or a hashtable (as Sync-CdfRecord).</summary>
        [Parameter(Position = 1)]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(CogniteRecords.Completion.SourceCompleter))]
        public object[]? Source { get; set; }

        /// <summary>A filter from New-CdfRecordFilter, a hashtable in the API's JSON shape, or a JSON string.</summary>
        [Parameter]
        [ValidateNotNull]
        public object? Filter { get; set; }

        /// <summary>1-5 sort keys: 'space/container/prop' or a top-level field, with ':desc' for descending.</summary>
        [Parameter]
        [ValidateCount(1, 5)]
        [ArgumentCompleter(typeof(CogniteRecords.Completion.SortCompleter))]
        public string[]? Sort { get; set; }

        /// <summary>Records to return in all, 1-1000.</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int Limit { get; set; } = 1000;

        /// <summary>Only records last updated after this time (a [TimeSpan] means that long ago). Required on immutable streams.</summary>
        [Parameter]
        [PointInTimeTransformation]
        public DateTimeOffset? UpdatedAfter { get; set; }

        /// <summary>Only records last updated before this time (a [TimeSpan] means that long ago).</summary>
        [Parameter]
        [PointInTimeTransformation]
        public DateTimeOffset? UpdatedBefore { get; set; }

        /// <summary>Write each item in the API's nested shape instead of the flat record.</summary>
        [Parameter(ParameterSetName = "Raw")]
        public SwitchParameter Raw { get; set; }

        /// <summary>Write each record as an ordered hashtable (Space, ExternalId, CreatedTime, LastUpdatedTime, then the properties); not with -Raw.</summary>
        [Parameter(ParameterSetName = "Hashtable")]
        public SwitchParameter AsHashtable { get; set; }

        /// <summary>Every record that matches, read in pages of 1000 in lastUpdatedTime order, instead of at most -Limit.</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        protected override void BeginProcessingSync()
        {
            _connection = ResolveConnection();
            _observer = CreateObserver();
            _verbose = IsVerboseOn();
        }

        /// <summary>Per stream (several come from the pipeline): the request, checked before any request.</summary>
        protected override bool ProcessRecordSync()
        {
            if (All && (Sort != null || MyInvocation.BoundParameters.ContainsKey(nameof(Limit))))
            {
                ThrowTerminatingError(ErrorMapping.Make("AllWithSortOrLimit", ErrorCategory.InvalidArgument,
                    "-All reads every match in lastUpdatedTime order, in pages of 1000: it takes no -Sort or -Limit. Sort the output with Sort-Object, or drop -All.", All));
            }
            try
            {
                var filter = RecordReadArguments.Filter(Filter);
                var sources = RecordReadArguments.Sources(Source);
                var read = sources.Select(x => (x.Space, x.Container)).ToList();
                _request = new RecordQueryRequest(Stream)
                {
                    Sources = sources,
                    Filter = filter,
                    Sort = (Sort ?? Array.Empty<string>()).Select(s => RecordSort.Parse(s, null, read)).ToList(),
                    Limit = Limit,
                    // "After" and "before" are strict; the API's precision is a millisecond.
                    UpdatedFrom = UpdatedAfter is DateTimeOffset a ? a.ToUnixTimeMilliseconds() + 1 : (long?)null,
                    UpdatedTo = UpdatedBefore is DateTimeOffset b ? b.ToUnixTimeMilliseconds() : (long?)null,
                };
                _request.Validate();
            }
            catch (Exception e) when (e is CdfArgumentException || e is FilterValidationException)
            {
                ThrowTerminatingError(ErrorMapping.ToErrorRecord(e, Stream));
            }
            return true;
        }

        protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
        {
            var client = _connection.Client;
            try
            {
                var stream = await StreamsApi.RetrieveAsync(client, Stream, false, _observer, cancellationToken).ConfigureAwait(false);
                var windows = RecordQuery.PlanWindows(stream, _request.UpdatedFrom, _request.UpdatedTo, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                RecordColumns? columns = null;
                RecordBuilder? builder = null;
                if (!Raw)
                {
                    columns = await SyncEngine.ResolveColumnsAsync(client, _request.Sources, _observer, cancellationToken).ConfigureAwait(false);
                    // The same generated record classes as Sync-CdfRecord's, without Status (the filter endpoint gives current records).
                    builder = new RecordBuilder(columns, timestampsAsText: false, withStatus: false).Shaped(AsHashtable);
                    builder.Untyped = QueueWarning;
                }
                if (_verbose && windows.Count > 1)
                {
                    QueueVerbose(string.Format(CultureInfo.InvariantCulture,
                        "The stream '{0}' is immutable with maxFilteringInterval {1}: the lastUpdatedTime range is read in {2} requests, oldest first (each sorted on its own).",
                        Stream, stream.MaxFilteringInterval, windows.Count));
                }
                if (All)
                {
                    await ReadAllAsync(windows, columns, builder, cancellationToken).ConfigureAwait(false);
                    return;
                }
                var remaining = _request.Limit;
                foreach (var window in windows)
                {
                    if (remaining <= 0) break;
                    var items = await RecordQuery.FilterAsync(client, _request, window, remaining, columns, RecordValueFactory.Instance, _observer, cancellationToken).ConfigureAwait(false);
                    if (_verbose) QueueVerbose($"lastUpdatedTime {window}: {items.Count} record(s).");
                    foreach (var item in items.Take(remaining)) QueueObject(Output(item, builder));
                    remaining -= Math.Min(items.Count, remaining);
                }
                if (remaining == 0 && _request.Limit == 1000)
                    QueueWarning("Get-CdfRecord returned 1000 records, the most one call returns: there may be more. Add -All to read every match, narrow -Filter or the lastUpdatedTime range, or use Sync-CdfRecord.");
            }
            catch (CdfApiException e) when (e.Kind == CdfErrorKind.NotFound)
            {
                // As Get-Item does: a stream that is not there is a non-terminating error, and the next input goes on.
                QueueError(ErrorMapping.StreamNotFound(e, Stream, _connection.Project));
            }
            catch (Exception e) when (e is CdfApiException || e is SourceNotFoundException || e is CdfArgumentException)
            {
                throw new ErrorRecordException(ErrorMapping.ToErrorRecord(e, Stream));
            }
        }

        /// <summary>-All: every window paged through, oldest first, with progress (records so far, and the time reached).</summary>
        private async Task ReadAllAsync(IReadOnlyList<UpdatedWindow> windows, RecordColumns? columns, RecordBuilder? builder, CancellationToken cancellationToken)
        {
            long written = 0;
            var activity = $"Get-CdfRecord {Stream} -All";
            foreach (var window in windows)
            {
                await RecordQuery.ReadAllAsync(_connection.Client, _request, window, columns, RecordValueFactory.Instance, page =>
                {
                    written += page.Count;
                    var reached = DateTimeOffset.FromUnixTimeMilliseconds(page[page.Count - 1].LastUpdatedTime);
                    var status = string.Format(CultureInfo.InvariantCulture, "{0:N0} records, lastUpdatedTime up to {1:yyyy-MM-dd HH:mm:ss.fff}Z", written, reached.UtcDateTime);
                    Post(() => WriteProgress(new ProgressRecord(1, activity, status)));
                    if (_verbose) QueueVerbose($"lastUpdatedTime {window}: {status}.");
                    foreach (var item in page) QueueObject(Output(item, builder));
                    return Task.CompletedTask;
                }, _observer, cancellationToken).ConfigureAwait(false);
            }
            Post(() => WriteProgress(new ProgressRecord(1, activity, "Done") { RecordType = ProgressRecordType.Completed }));
        }

        /// <summary>The flat record (or with -AsHashtable its ordered hashtable) of the builder; with -Raw the API's shape.</summary>
        private static object Output(SyncItem item, RecordBuilder? builder) => builder != null ? builder.Output(item) : RecordBuilder.Raw(item);
    }
}
