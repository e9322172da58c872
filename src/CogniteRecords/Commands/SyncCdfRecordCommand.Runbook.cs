using System;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Sync;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    // The unattended-runbook side of Sync-CdfRecord: the checkpoint file, follow mode, progress, the verbose summary,
    // the expired-cursor error. The commit itself is SyncSession.Commit (Core/Sync/SyncSession.cs).
    public sealed partial class SyncCdfRecordCommand : IDisposable
    {
        private static readonly TimeSpan ProgressDelay = TimeSpan.FromSeconds(2);
        private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(250);
        private static int s_nextActivityId = 0x5C00;

        private string? _checkpointFullPath;
        private CountingObserver _counter = null!;
        private readonly Stopwatch _watch = new Stopwatch();
        private TimeSpan _lastProgress = TimeSpan.FromDays(-1);
        private int _activityId;
        private bool _progressShown;

        /// <summary>
        /// Keep the cursor in this file too (JSON, written atomically after each page written whole); when the file
        /// exists the sync continues from it. A file written for another project, stream, sources or filter is refused.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CheckpointPath { get; set; }

        /// <summary>Do not stop when caught up: keep polling every -PollInterval until stopped (Ctrl+C, -First, Select-Object -First).</summary>
        [Parameter]
        public SwitchParameter Follow { get; set; }

        /// <summary>With -Follow: how long to wait before asking again once caught up (default 10 seconds).</summary>
        [Parameter]
        public TimeSpan PollInterval { get; set; } = SyncRequest.DefaultPollInterval;

        /// <summary>
        /// Before any request: follow settings and the checkpoint path, then the session, which decides where the sync
        /// starts (the checkpoint's content, -Cursor, -InitializeCursor, the kept cursor).
        /// </summary>
        private SyncSession OpenSession(string filterJson, string sources)
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(PollInterval)) && !Follow)
            {
                throw new CdfArgumentException("PollIntervalWithoutFollow", "PollInterval",
                    "-PollInterval applies only with -Follow: add -Follow to keep polling, or drop -PollInterval.");
            }
            _request.Follow = Follow;
            _request.PollInterval = PollInterval;
            var key = new SyncKey(_connection.Project, _connection.BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/'), _request.Stream, sources,
                CheckpointFile.CompactFilter(filterJson));
            string? path = null;
            if (CheckpointPath != null)
            {
                path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(CheckpointPath, out var provider, out _);
                if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                    throw new CheckpointException("CheckpointPathInvalid", $"The checkpoint path '{CheckpointPath}' is not on the file system (provider {provider.Name}).");
                _checkpointFullPath = path;
            }
            // The session holds the checkpoint's lock until the pipeline disposes this cmdlet (end, error or stop); a
            // killed process lets go by itself.
            return SyncSession.Open(key, _request, path, SessionStore.For(PipelineRunspace), ModuleInfo.Version);
        }

        private void StartRun(IRequestObserver? inner)
        {
            _counter = new CountingObserver(inner);
            _activityId = Interlocked.Increment(ref s_nextActivityId);
            _watch.Start();
        }

        /// <summary>On the pipeline thread, after a page was written whole: the checkpoint file and the progress bar.</summary>
        private void CommitRunbook(SyncPage page, Action commit)
        {
            try
            {
                // SyncSession.Commit: the sinks downstream, the session store, the checkpoint file.
                commit();
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                // The page is out but its cursor is not kept: the next run repeats it (at-least-once, never lossy).
                ThrowTerminatingError(ToErrorRecord(e));
            }

            var elapsed = _watch.Elapsed;
            if (elapsed >= ProgressDelay && elapsed - _lastProgress >= ProgressEvery)
            {
                _lastProgress = elapsed;
                _progressShown = true;
                var rate = _session.RecordsCommitted / Math.Max(elapsed.TotalSeconds, 0.001);
                var state = page.HasNext ? "reading" : Follow ? "caught up, waiting for changes" : "caught up";
                WriteProgress(new ProgressRecord(_activityId, $"Syncing stream '{_request.Stream}'",
                    string.Format(CultureInfo.InvariantCulture, "{0:N0} records, {1:N0} pages, {2:N0} records/s; {3}", _session.RecordsCommitted, _session.PagesCommitted, rate, state)));
            }
        }

        /// <summary>After the last page: close the progress bar and, under -Verbose, the summary.</summary>
        private void QueueRunSummary(string ending)
        {
            if (_progressShown)
            {
                Post(() => WriteProgress(new ProgressRecord(_activityId, $"Syncing stream '{_request.Stream}'", "done") { RecordType = ProgressRecordType.Completed }));
            }
            if (_verbose) QueueVerbose(Summary(ending));
        }

        private string Summary(string ending)
        {
            var elapsed = _watch.Elapsed;
            return string.Format(CultureInfo.InvariantCulture,
                "Sync of stream '{0}' {1}: {2:N0} records in {3:N0} pages in {4:0.0} s ({5:N0} records/s); retries: {6}; cursor: {7}{8}.",
                _request.Stream, ending, _session.RecordsCommitted, _session.PagesCommitted, elapsed.TotalSeconds, _session.RecordsCommitted / Math.Max(elapsed.TotalSeconds, 0.001),
                _counter.Retries, ShortCursor(_session.LastCommittedCursor ?? _request.Cursor),
                _session.CheckpointPath != null ? $"; checkpoint: '{_session.CheckpointPath}'" : "");
        }

        internal static string ShortCursor(string? cursor) => SyncReader.ShortCursor(cursor);

        /// <summary>The errors of this cmdlet's own making (checkpoint, expired cursor) as ErrorRecords; others as mapped.</summary>
        private ErrorRecord ToErrorRecord(Exception e)
        {
            switch (e)
            {
                case CheckpointException c:
                    return ErrorMapping.ToErrorRecord(c, _checkpointFullPath ?? CheckpointPath);
                case IContainsErrorRecord r when r.ErrorRecord != null:
                    // A sink's own error (Export-CdfRecord's PrepareCommit) as it made it.
                    return r.ErrorRecord;
                case CdfApiException api when IsRefusedGivenCursor(api):
                    return ErrorMapping.InvalidCursor(api, Stream,
                        "Pass a cursor that Sync-CdfRecord gave for this stream (Get-CdfSyncState shows the kept ones), or leave out -Cursor and give -InitializeCursor to say where to start.");
                case CdfApiException api when api.Kind == CdfErrorKind.CursorExpired:
                    return CursorExpiredRecord(api);
                case CdfApiException api when api.Kind == CdfErrorKind.NotFound:
                    return ErrorMapping.StreamNotFound(api, Stream, _connection.Project);
                default:
                    return ErrorMapping.ToErrorRecord(e, Stream);
            }
        }

        /// <summary>
        /// A -Cursor the user gave, refused by the service on its first request with a 400 naming the cursor, in any
        /// wording but instance sync's known "Cursor has expired": InvalidCursor (it may be from another stream, cut
        /// short, or made up). A kept or checkpoint cursor refused so is CursorExpired (the core's reading of such a 400).
        /// </summary>
        private bool IsRefusedGivenCursor(CdfApiException api) =>
            Cursor != null && _session != null && _session.StartKind == SyncStart.Cursor && _session.PagesCommitted == 0 && api.StatusCode == 400
            && CdfApiException.MentionsCursor(api.Message) && !api.Message.StartsWith("Cursor has expired", StringComparison.OrdinalIgnoreCase);

        private ErrorRecord CursorExpiredRecord(CdfApiException api)
        {
            var from = _session.PagesCommitted > 0 ? "the cursor this sync had reached" : _session.StartedFrom;
            var checkpointPath = _session.CheckpointPath;
            string restart;
            if (checkpointPath != null)
            {
                restart = $"To start over, delete or rename the checkpoint file '{checkpointPath}' and run again with -InitializeCursor reaching back far enough " +
                    "(e.g. '3d-ago'; changes older than that start are not read again, later ones may repeat).";
            }
            else
            {
                restart = "To start over, run again with -InitializeCursor reaching back far enough (e.g. '3d-ago') and without -Cursor " +
                    "(changes older than that start are not read again, later ones may repeat).";
            }
            var message = $"The sync cursor for stream '{_request.Stream}' has expired: the service no longer knows the position it marks (from {from}). " +
                "The sync did not restart by itself, since a silent restart could skip changes. " + restart +
                " The service said: " + api.Message;
            return new ErrorRecord(new CdfException(message, api.Kind.ToString(), api.StatusCode, api.ApiCode, api.RequestId, api.Missing, api.Duplicated),
                "CursorExpired", ErrorCategory.InvalidOperation, Stream)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = restart },
            };
        }

        /// <summary>Lets go of the checkpoint's lock (PowerShell disposes the cmdlet when its pipeline ends, however it ends).</summary>
        void IDisposable.Dispose()
        {
            if (_session != null)
            {
                ActiveSyncSessions.Withdraw(PipelineRunspace, _session);
                _session.Dispose();
            }
            Dispose();
        }
    }
}
