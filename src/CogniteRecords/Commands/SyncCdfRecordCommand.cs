using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core;
using CogniteRecords.Core.Filters;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Sync;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Reads the changes of a stream and writes one object per record, page by page.</para>
    /// </summary>
    [Cmdlet(VerbsData.Sync, "CdfRecord", SupportsPaging = true, DefaultParameterSetName = "Flat")]
    [OutputType(typeof(SyncRecord), typeof(RawSyncRecord))]
    public sealed partial class SyncCdfRecordCommand : CdfApiCmdlet
    {
        private CdfConnection _connection = null!;
        private bool _streamsFromPipeline;
        private SyncRequest _request = null!;
        private SyncSession _session = null!;
        private IRequestObserver? _observer;
        private bool _verbose;

        /// <summary>The stream id; from the pipeline, stream ids or Get-CdfStream output (its ExternalId), each synced in turn.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ExternalId")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(CogniteRecords.Completion.StreamCompleter))]
        public string Stream { get; set; } = null!;

        /// <summary>Containers and properties to return: 'space/container', 'space/container/prop', or a hashtable.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(CogniteRecords.Completion.SourceCompleter))]
        public object[]? Source { get; set; }

        /// <summary>A filter from New-CdfRecordFilter, a hashtable in the API's JSON shape, or a JSON string.</summary>
        [Parameter]
        [ValidateNotNull]
        public object? Filter { get; set; }

        /// <summary>Where to start when there is no cursor: '2d-ago', '30m-ago', or a [TimeSpan].</summary>
        [Parameter]
        [InitializeCursorTransformation]
        public string? InitializeCursor { get; set; }

        /// <summary>Resume from a cursor returned earlier.</summary>
        [Parameter]
        public string? Cursor { get; set; }

        /// <summary>Records per request, 1-1000.</summary>
        [Parameter]
        [Alias("Limit")]
        public int PageSize { get; set; } = 1000;

        /// <summary>Read without committing: keep no cursor (in the session or a checkpoint file), so that looking does not move where the next sync starts.</summary>
        [Parameter]
        public SwitchParameter Preview { get; set; }

        /// <summary>Write each item in the API's nested shape instead of the flat record.</summary>
        [Parameter(ParameterSetName = "Raw")]
        public SwitchParameter Raw { get; set; }

        // -CheckpointPath, -Follow and -PollInterval: see SyncCdfRecordCommand.Runbook.cs.

        protected override void BeginProcessingSync()
        {
            _connection = ResolveConnection();
            if (!MyInvocation.BoundParameters.ContainsKey(nameof(Stream)))
            {
                // -Stream comes from the pipeline: each stream is a sync of its own, opened in ProcessRecord.
                _streamsFromPipeline = true;
                if (CheckpointPath != null)
                {
                    ThrowTerminatingError(ErrorMapping.Make("CheckpointWithPipedStream", ErrorCategory.InvalidArgument,
                        "-CheckpointPath keeps the cursor of one sync: give -Stream as a parameter, not from the pipeline, or drop -CheckpointPath.", CheckpointPath, "CheckpointPath"));
                }
                return;
            }
            OpenSync();
        }

        /// <summary>The sync of -Stream: its request checked, its session opened and published, before any request.</summary>
        private void OpenSync()
        {
            try
            {
                var sources = RecordReadArguments.Sources(Source);
                var filter = RecordReadArguments.Filter(Filter);
                _request = new SyncRequest(Stream)
                {
                    Sources = sources,
                    Filter = filter,
                    PageSize = PageSize,
                    InitializeCursor = InitializeCursor,
                };
                var first = PagingParameters.First;
                if (first != ulong.MaxValue)
                {
                    var skip = PagingParameters.Skip;
                    _request.MaxRecords = ulong.MaxValue - skip < first ? ulong.MaxValue : first + skip;
                }
                CheckTimestampFormat();
                _request.Cursor = Cursor;
                _session = OpenSession(filter?.ToJson() ?? "", SourceParser.Canonical(sources));
                _session.Preview = Preview;
            }
            catch (Exception e) when (e is CdfArgumentException || e is FilterValidationException || e is CheckpointException)
            {
                ThrowTerminatingError(ToErrorRecord(e));
            }
            // Commands further down this pipeline find the session in their BeginProcessing (Export-CdfRecord joins its commits,
            // and right after this command takes the records page by page: SyncCdfRecordCommand.Fused.cs).
            ActiveSyncSessions.Publish(PipelineRunspace, _session, MyInvocation, this);
            StartRun(CreateObserver());
            _observer = _counter;
            _verbose = IsVerboseOn();
        }

        protected override bool ProcessRecordSync()
        {
            if (_streamsFromPipeline)
            {
                if (_session != null)
                {
                    ActiveSyncSessions.Withdraw(PipelineRunspace, _session);
                    _session.Dispose();
                }
                OpenSync();
            }
            // Every BeginProcessing of the pipeline has run: no command of it can still join the session.
            ActiveSyncSessions.Withdraw(PipelineRunspace, _session);
            return true;
        }

        protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
        {
            if (_request.MaxRecords == 0) return;
            var client = _connection.Client;
            try
            {
                RecordColumns? columns = null;
                RecordBuilder? builder = null;
                if (!Raw)
                {
                    columns = await SyncEngine.ResolveColumnsAsync(client, _request.Sources, _observer, cancellationToken).ConfigureAwait(false);
                    builder = NewRecordBuilder(columns).Shaped(AsHashtable);
                    builder.Untyped = QueueWarning;
                }
                if (_verbose)
                {
                    QueueVerbose($"Syncing stream '{_request.Stream}' of project '{_connection.Project}' from {_session.StartedFrom}" +
                        (builder != null && builder.ColumnNames.Count > 0 ? "; columns: " + string.Join(", ", builder.ColumnNames) : "") + ".");
                    if (Preview)
                    {
                        QueueVerbose("-Preview: nothing is committed; the kept cursor" + (_session.CheckpointPath != null ? " and the checkpoint file stay" : " stays") + " where they were.");
                    }
                }
                if (PagingParameters.IncludeTotalCount) QueueObject(PagingParameters.NewTotalCount(0, 0.0));

                var reader = SyncEngine.Open(client, _request, columns, RecordValueFactory.Instance, _observer);
                await _session.RunAsync(reader, new PageOutput(this, builder, PagingParameters.Skip), cancellationToken).ConfigureAwait(false);
                QueueRunSummary(reader.IsDone && _session.CaughtUp ? "caught up" : "stopped at -First");
            }
            catch (Exception e) when (e is CdfApiException || e is SourceNotFoundException || e is CdfArgumentException)
            {
                if (_verbose) QueueVerbose(Summary("failed"));
                throw new ErrorRecordException(ToErrorRecord(e));
            }
        }

        /// <summary>The session's pages as output objects on the pipeline, each page committed right after its last one.</summary>
        private sealed class PageOutput : ISyncPageOutput<List<object>>
        {
            private readonly SyncCdfRecordCommand _cmdlet;
            private readonly RecordBuilder? _builder;
            private ulong _skip;
            private long _number;

            public PageOutput(SyncCdfRecordCommand cmdlet, RecordBuilder? builder, ulong skip) { _cmdlet = cmdlet; _builder = builder; _skip = skip; }

            /// <summary>Off the pipeline thread: the output objects of one page, after skipping what -Skip still asks to skip.</summary>
            [MethodImpl(Hot.Optimize)]
            public List<object> Prepare(SyncPage page)
            {
                var items = page.Items;
                var output = new List<object>(items.Count);
                foreach (var item in items)
                {
                    if (_skip > 0) { _skip--; continue; }
                    output.Add(_builder != null ? _builder.Output(item) : (object)RecordBuilder.Raw(item));
                }
                return output;
            }

            public Task WriteAsync(SyncPage page, List<object> prepared, Action commit)
            {
                var number = ++_number;
                // A resumed cursor last used longer ago than tombstones are kept: said before the first record.
                if (number == 1 && _cmdlet._session.CursorAgeWarning(page) is string warning) _cmdlet.QueueWarning(warning);
                if (_cmdlet._fusedSink is IRecordPageSink sink) return _cmdlet.WriteFusedAsync(sink, prepared, () => _cmdlet.AfterPage(page, number, commit));
                return _cmdlet.WriteObjectsAsync(prepared, () => _cmdlet.AfterPage(page, number, commit));
            }
        }

        /// <summary>On the pipeline thread, right after a page's last record: its commit, progress and verbose line.</summary>
        private void AfterPage(SyncPage page, long number, Action commit)
        {
            CommitRunbook(page, commit);
            if (_verbose && !Preview && _session.PagesCommitted == 1 && _session.KeptCursorReplaced is string replaced)
            {
                WriteVerbose($"This sync replaces the kept cursor of stream '{_request.Stream}' (it was at {ShortCursor(replaced)}; it now follows this sync, " +
                    "which started from " + _session.StartedFrom + "). To look without moving it, use -Preview.");
            }
            if (_verbose)
            {
                WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Page {0}: {1} records, {2:N0} bytes in {3:N0} ms; caught up: {4}.",
                    number, page.Items.Count, page.Bytes, page.Elapsed.TotalMilliseconds, page.HasNext ? "no" : "yes"));
            }
        }
    }
}
