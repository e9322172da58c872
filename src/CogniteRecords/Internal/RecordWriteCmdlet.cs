using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Streams;

namespace CogniteRecords.Internal
{
    /// <summary>
    /// The base of Add-, Set- and Remove-CdfRecord: reads input objects on the pipeline thread (ShouldProcess there
    /// too), turns them into records in groups of up to 1000 on a worker thread, hands them to the engine's
    /// <see cref="RecordWriter"/> (batches, bounded concurrency, retries, per-record outcomes), and writes one error
    /// per failed record (and with -PassThru one result per record) plus progress, back on the pipeline thread.
    /// Requests outlive the step that sent them, so every outcome and message comes back in the buffered mode of
    /// <see cref="AsyncPSCmdlet"/> (<see cref="AsyncPSCmdlet.PostBuffered"/>): written at once while a step runs, else
    /// when the next input object arrives; EndProcessing waits for the last outcome.
    /// Nothing is sent before the first input object that ShouldProcess lets through, so -WhatIf sends nothing.
    /// </summary>
    public abstract class RecordWriteCmdlet : CdfApiCmdlet
    {
        private const int RowsPerHandOver = 1000;

        // Retries that go on for a while: one warning per call (whatever -Verbose says) and the progress bar's status.
        private string? _retryWarning;
        private TimeSpan _retryNotice;
        private bool _retryShown;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private List<RecordInput> _rows = new List<RecordInput>();
        private RecordWriter? _writer;
        private IRequestObserver _observer = null!;
        private long _row;
        private bool _mustAsk;
        private bool _verbose;
        private long _skipped;
        private long _rowFailures;
        private TimeSpan _lastProgress = TimeSpan.FromSeconds(-10);
        private TimeSpan _lastInput;
        private bool _flushSoon;

        // Input that pauses this long (e.g. Sync-CdfRecord -Follow upstream, between polls) sends what waits.
        private static readonly TimeSpan IdleInput = TimeSpan.FromSeconds(2);

        // -ErrorAction Stop (or $ErrorActionPreference): the first failure stops the command; nothing is sent after it,
        // and one terminating error says which rows were written, which failed and which were not sent. The row sets
        // and the first failure are kept on the pipeline thread, as the outcomes are written.
        private bool _stopOnError;
        private volatile bool _stopped;
        private volatile bool _inputComplete;
        private readonly RowSet _writtenRows = new RowSet();
        private readonly RowSet _failedRows = new RowSet();
        private readonly RowSet _notSentRows = new RowSet();
        private (long Row, ErrorRecord Error)? _firstFailure;

        /// <summary>The stream id.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(CogniteRecords.Completion.StreamCompleter))]
        public string Stream { get; set; } = null!;

        /// <summary>Requests in flight at once, 1-15 (the ingest budget allows 15 per identity).</summary>
        [Parameter]
        [ValidateRange(1, 15)]
        public int ThrottleLimit { get; set; } = 4;

        /// <summary>Write a result object per record (Succeeded, Failed or Skipped).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        internal CdfConnection ConnectionInUse { get; private set; } = null!;
        internal StreamInfo StreamInfo { get; private set; } = null!;

        internal abstract RecordOperation Operation { get; }

        /// <summary>The ShouldProcess action, e.g. "Add record".</summary>
        internal abstract string ActionName { get; }

        /// <summary>Parameter checks on the pipeline thread before anything else; throw a terminating error to refuse.</summary>
        internal virtual void ValidateParameters() { }

        /// <summary>Reads one input object on the pipeline thread: zero or more rows.</summary>
        internal abstract IEnumerable<RecordInput> ReadInput(Func<long> nextRow);

        /// <summary>The ShouldProcess target of a row.</summary>
        internal abstract string TargetOf(RecordInput row);

        /// <summary>Reads what the records need (the containers) once the stream is known; on a worker thread.</summary>
        internal abstract Task PrepareAsync(RecordWriterOptions options, IRequestObserver observer, CancellationToken cancellationToken);

        /// <summary>A row as a record, or null for one with nothing to write (a tombstone); throws <see cref="RecordRowException"/>.</summary>
        internal abstract PendingRecord? ToRecord(RecordInput row);

        protected sealed override void BeginProcessingSync()
        {
            ConnectionInUse = ResolveConnection();
            if (ErrorMapping.CheckStreamId(Stream) is ErrorRecord invalid) ThrowTerminatingError(invalid);
            ValidateParameters();
            _verbose = IsVerboseOn();
            _observer = CreateObserver(buffered: true);
            _mustAsk = MustAsk();
            _stopOnError = IsErrorActionStop();
        }

        /// <summary>Whether a failure stops the command: -ErrorAction Stop, or $ErrorActionPreference = 'Stop' without -ErrorAction.</summary>
        private bool IsErrorActionStop()
        {
            object? value = MyInvocation.BoundParameters.TryGetValue("ErrorAction", out var bound) ? bound : GetVariableValue("ErrorActionPreference");
            if (value is PSObject p) value = p.BaseObject;
            if (value is ActionPreference a) return a == ActionPreference.Stop;
            return value != null && string.Equals(value.ToString(), "Stop", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>Whether ShouldProcess can answer anything but yes: -WhatIf, -Confirm, or the preferences.</summary>
        private bool MustAsk()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) && LanguagePrimitives.IsTrue(w)) return true;
            if (MyInvocation.BoundParameters.TryGetValue("Confirm", out var c)) return LanguagePrimitives.IsTrue(c);
            var whatIf = GetVariableValue("WhatIfPreference");
            if (LanguagePrimitives.IsTrue(whatIf is PSObject p ? p.BaseObject : whatIf)) return true;
            var confirm = GetVariableValue("ConfirmPreference");
            if (confirm is PSObject cp) confirm = cp.BaseObject;
            var impact = ConfirmImpactOf(GetType());
            if (confirm is ConfirmImpact ci) return ci != ConfirmImpact.None && ci <= impact;
            if (confirm != null && Enum.TryParse(confirm.ToString(), true, out ConfirmImpact parsed)) return parsed != ConfirmImpact.None && parsed <= impact;
            return false;
        }

        private static ConfirmImpact ConfirmImpactOf(Type type)
        {
            foreach (var a in type.GetCustomAttributes(typeof(CmdletAttribute), true))
                return ((CmdletAttribute)a).ConfirmImpact;
            return ConfirmImpact.Medium;
        }

        protected sealed override bool ProcessRecordSync()
        {
            // The outcomes settled since the last input object have just been written (AsyncPSCmdlet runs the buffer first).
            WriteProgressIfDue(false);
            if (_stopped || (_writer?.Stopped ?? false))
            {
                // A failure stopped the command: this input is not read; the async step settles what was sent and stops.
                _stopped = true;
                return true;
            }
            var now = _clock.Elapsed;
            if (now - _lastInput > IdleInput && _row > 0 && (_rows.Count > 0 || (_writer?.Queued ?? 0) > 0)) _flushSoon = true;
            _lastInput = now;
            foreach (var row in ReadInput(() => ++_row))
            {
                if (_mustAsk && !ShouldProcess(TargetOf(row), ActionName)) continue;
                _rows.Add(row);
            }
            return (_writer == null && _rows.Count > 0) || _rows.Count >= RowsPerHandOver || _flushSoon;
        }

        protected sealed override async Task ProcessRecordAsync(CancellationToken cancellationToken)
        {
            if (!_stopped) await EnsureWriterAsync(cancellationToken).ConfigureAwait(false);
            if (!_stopped) await HandOverAsync(cancellationToken).ConfigureAwait(false);
            if (_stopped)
            {
                await FinishStoppedAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            if (_flushSoon)
            {
                _flushSoon = false;
                await _writer!.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            // A -TokenProvider script block runs on the pipeline thread, which this cmdlet can reach only while one of
            // its steps runs: with such a connection, requests do not outlive the step that sent them (whose end
            // writes their outcomes).
            if (string.Equals(ConnectionInUse.Flow, "TokenProvider", StringComparison.Ordinal)) await _writer!.WaitIdleAsync().ConfigureAwait(false);
        }

        protected sealed override async Task EndProcessingAsync(CancellationToken cancellationToken)
        {
            _inputComplete = true;
            if (_stopped || (_writer?.Stopped ?? false)) await FinishStoppedAsync(cancellationToken).ConfigureAwait(false);
            if (_rows.Count > 0) await EnsureWriterAsync(cancellationToken).ConfigureAwait(false);
            if (_writer != null)
            {
                await HandOverAsync(cancellationToken).ConfigureAwait(false);
                if (_stopped) await FinishStoppedAsync(cancellationToken).ConfigureAwait(false);
                // While this waits, the outcomes are written as they settle (this step is running).
                await _writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
                if (_writer.Stopped) await FinishStoppedAsync(cancellationToken).ConfigureAwait(false);
            }
            // After the last outcome: the summary, and under -ErrorAction Stop the one error for a failure that did not
            // stop the writer (a record not verified).
            var error = await InvokeBufferedAsync(() =>
            {
                WriteSummary();
                return _stopOnError && _firstFailure != null ? StopError() : null;
            }).ConfigureAwait(false);
            if (error != null) throw new ErrorRecordException(error);
        }

        /// <summary>
        /// After a failure under -ErrorAction Stop: the rows read but not handed over are not sent, what the writer holds
        /// is settled (records queued before the failing row are sent; after a failure of the writer's own, nothing more
        /// is), and one terminating error says which rows were written, which failed and which were not sent.
        /// </summary>
        private async Task FinishStoppedAsync(CancellationToken ct)
        {
            _stopped = true;
            PostNotSent(_rows, 0);
            _rows = new List<RecordInput>();
            if (_writer != null) await _writer.CompleteAsync(ct).ConfigureAwait(false);
            var error = await InvokeBufferedAsync(() =>
            {
                WriteSummary();
                return StopError();
            }).ConfigureAwait(false);
            throw new ErrorRecordException(error);
        }

        private static string NotSentMessage(long row) =>
            $"Row {row.ToString(CultureInfo.InvariantCulture)} was not sent: an earlier failure stopped the command (-ErrorAction Stop).";

        /// <summary>The terminating error of a stopped write: the first failed row's error, with the rows written, failed and not sent.</summary>
        private ErrorRecord StopError()
        {
            var (row, first) = _firstFailure ?? (0L, ErrorMapping.Make("RecordWriteFailed", ErrorCategory.WriteError, "A record was not written."));
            var rest = new RowSet();
            rest.AddRange(_failedRows);
            rest.AddRange(_notSentRows);
            var summary = string.Format(CultureInfo.InvariantCulture, "Stopped (-ErrorAction Stop) at row {0}; written: {1}; failed: {2}; not sent: {3}{4}.",
                row, _writtenRows.ToString(), _failedRows.ToString(), _notSentRows.ToString(), _inputComplete ? "" : ", and the input after them was not read");
            var message = first.Exception.Message + " " + summary;
            var exception = first.Exception switch
            {
                CdfException c => new CdfException(message, c.Kind, c.StatusCode, c.ApiCode, c.RequestId, c.Missing, c.Duplicated, c),
                ArgumentException a => new ArgumentException(message, a),
                Exception e => (Exception)new InvalidOperationException(message, e),
            };
            var action = $"Fix row {row.ToString(CultureInfo.InvariantCulture)}, then send {rest.ToString()} again" + (_inputComplete ? "" : ", and the rest of the input") +
                (_writtenRows.Count > 0 ? $"; {_writtenRows.ToString()} {(_writtenRows.Count == 1 ? "is" : "are")} in the stream." : "; nothing was written.");
            return new ErrorRecord(exception, first.FullyQualifiedErrorId, first.CategoryInfo.Category, first.TargetObject)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = action },
            };
        }

        /// <summary>Under -ErrorAction Stop, on the pipeline thread: a failure is kept for the one terminating error instead of being written.</summary>
        private void KeepFailure(long row, ErrorRecord error)
        {
            _failedRows.Add(row);
            if (_firstFailure == null || row < _firstFailure.Value.Row) _firstFailure = (row, error);
        }

        private async Task EnsureWriterAsync(CancellationToken ct)
        {
            if (_writer != null) return;
            var observer = _observer;
            try
            {
                StreamInfo = await StreamsApi.RetrieveAsync(ConnectionInUse.Client, Stream, false, observer, ct).ConfigureAwait(false);
                if (Operation != RecordOperation.Ingest && !StreamInfo.IsMutable)
                {
                    throw new ErrorRecordException(ErrorMapping.Make("StreamImmutable", ErrorCategory.InvalidOperation,
                        $"The stream '{Stream}' is immutable ({StreamInfo.CreatedFromTemplate}): records can only be " +
                        (Operation == RecordOperation.Upsert ? "upserted" : "deleted") + " in mutable streams (e.g. BasicLiveData). Nothing was sent.", Stream));
                }
                var options = new RecordWriterOptions(Stream, Operation, StreamInfo.IsMutable) { Concurrency = ThrottleLimit, StopAtFirstFailure = _stopOnError };
                await PrepareAsync(options, observer, ct).ConfigureAwait(false);
                _writer = new RecordWriter(ConnectionInUse.Client, options, observer, o => PostBuffered(() => WriteOutcome(o)));
                if (_verbose)
                {
                    QueueVerbose(string.Format(CultureInfo.InvariantCulture, "{0} to {1} stream '{2}' of project '{3}': batches of up to {4} records and {5:N0} bytes, {6} request(s) at once.",
                        Operation, StreamInfo.Type, Stream, ConnectionInUse.Project, options.MaxItems, options.MaxBytes, options.Concurrency));
                }
            }
            catch (Exception e) when (e is CdfApiException || e is RecordMappingException || e is CdfArgumentException || e is SourceNotFoundException)
            {
                throw new ErrorRecordException(ToError(e));
            }
        }

        private ErrorRecord ToError(Exception e) => e switch
        {
            RecordMappingException m => ErrorMapping.Make(m.ErrorId, ErrorCategory.InvalidArgument, m.Message, Stream),
            CdfApiException api when api.Kind == CdfErrorKind.NotFound => ErrorMapping.StreamNotFound(api, Stream, ConnectionInUse.Project),
            _ => ErrorMapping.ToErrorRecord(e, Stream),
        };

        /// <summary>Turns the rows read so far into records and gives them to the writer (waits while it is full).</summary>
        private async Task HandOverAsync(CancellationToken ct)
        {
            var rows = _rows;
            _rows = new List<RecordInput>();
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                if (_stopped || _writer!.Stopped)
                {
                    // A failure stopped the command: this row and the rest are not sent.
                    _stopped = true;
                    PostNotSent(rows, i);
                    return;
                }
                PendingRecord? record;
                try
                {
                    record = ToRecord(row);
                }
                catch (RecordRowException e)
                {
                    Interlocked.Increment(ref _rowFailures);
                    PostBuffered(() => WriteRowOutcome(row, e.ErrorId, e.Message, "Failed"));
                    if (_stopOnError) _stopped = true;
                    continue;
                }
                catch (RecordMappingException e)
                {
                    // No row can be mapped: stop, after settling what was already sent (the step's end writes their outcomes).
                    await _writer!.CompleteAsync(ct).ConfigureAwait(false);
                    throw new ErrorRecordException(ToError(e));
                }
                if (record == null)
                {
                    Interlocked.Increment(ref _skipped);
                    if (PassThru) PostBuffered(() => WriteRowOutcome(row, "", "A tombstone (Status 'deleted') has no values to write; it was skipped.", "Skipped"));
                    continue;
                }
                await _writer!.AddAsync(record, ct).ConfigureAwait(false);
            }
        }

        /// <summary>Rows from <paramref name="from"/> on were not sent: a failure stopped the command.</summary>
        private void PostNotSent(List<RecordInput> rows, int from)
        {
            if (from >= rows.Count) return;
            PostBuffered(() =>
            {
                for (var i = from; i < rows.Count; i++) WriteRowOutcome(rows[i], RecordWriter.NotSentErrorId, NotSentMessage(rows[i].Row), "NotSent");
            });
        }

        /// <summary>On the pipeline thread: a row settled before it reached the writer (not converted, skipped, not sent).</summary>
        private void WriteRowOutcome(RecordInput row, string errorId, string message, string status)
        {
            var skipped = status == "Skipped";
            var result = new CdfRecordWriteResult(row.Row, row.Space, row.ExternalId, Operation.ToString(), status,
                skipped ? null : errorId, message, null, null, null);
            if (status == "NotSent") _notSentRows.Add(row.Row);
            else if (!skipped)
            {
                var rowError = new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidData, result);
                if (_stopOnError) KeepFailure(row.Row, rowError);
                else WriteError(rowError);
            }
            if (PassThru) WriteObject(result);
            WriteProgressIfDue(false);
        }

        /// <summary>On the pipeline thread: a record's outcome from the writer.</summary>
        private void WriteOutcome(RecordOutcome o)
        {
            var operation = Operation.ToString();
            if (o.Succeeded)
            {
                if (o.Note != null && _verbose) WriteVerbose($"Record '{o.Record.Key}': {o.Note}");
                if (_stopOnError) _writtenRows.Add(o.Record.Row);
                if (PassThru) WriteObject(CdfRecordWriteResult.From(o, operation, null));
            }
            else if (o.ErrorId == RecordWriter.NotSentErrorId)
            {
                _notSentRows.Add(o.Record.Row);
                if (PassThru) WriteObject(CdfRecordWriteResult.From(o, operation, o.ErrorId));
            }
            else
            {
                var error = ErrorOf(o);
                var result = CdfRecordWriteResult.From(o, operation, error.FullyQualifiedErrorId);
                var recordError = new ErrorRecord(error.Exception, error.FullyQualifiedErrorId, error.CategoryInfo.Category, result) { ErrorDetails = error.ErrorDetails };
                if (_stopOnError) KeepFailure(o.Record.Row, recordError);
                else WriteError(recordError);
                if (PassThru) WriteObject(result);
            }
            WriteProgressIfDue(false);
        }

        /// <summary>On the pipeline thread, after the last outcome: the last progress, skipped tombstones, the -Verbose summary.</summary>
        private void WriteSummary()
        {
            WriteProgressIfDue(true);
            var skipped = Interlocked.Read(ref _skipped);
            if (skipped > 0)
                WriteWarning($"{skipped} tombstone(s) (Status 'deleted') had no values to write and were skipped; to apply deletions, pipe them to Remove-CdfRecord.");
            if (_verbose && _writer != null)
            {
                WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0}: {1} record(s) written, {2} failed ({3} before sending), {4} skipped{7}; {5} request(s), {6:N0} bytes.",
                    Operation, _writer.Succeeded, _writer.Failed + _rowFailures, _rowFailures, skipped, _writer.Requests, _writer.BytesSent,
                    _writer.NotVerified > 0 ? string.Format(CultureInfo.InvariantCulture, ", {0} probably written but not verified", _writer.NotVerified) : ""));
            }
        }

        private static ErrorRecord ErrorOf(RecordOutcome o)
        {
            var message = o.Message ?? "The record was not written.";
            if (o.Error is CdfApiException api)
            {
                var copy = new CdfApiException(api.Kind, message, api.StatusCode, api.ApiCode, api.RequestId, api.Missing, api.Duplicated);
                var mapped = ErrorMapping.ToErrorRecord(copy, null);
                if (o.ErrorId == null) return mapped;
                var category = o.NotVerified ? ErrorCategory.OperationTimeout
                    : o.ErrorId == "RecordExists" ? ErrorCategory.ResourceExists : mapped.CategoryInfo.Category;
                return new ErrorRecord(mapped.Exception, o.ErrorId, category, null) { ErrorDetails = mapped.ErrorDetails };
            }
            var id = o.ErrorId ?? "RecordWriteFailed";
            var cat = id == "RecordTooLarge" ? ErrorCategory.LimitsExceeded : ErrorCategory.WriteError;
            return new ErrorRecord(new InvalidOperationException(message), id, cat, null);
        }

        private void WriteProgressIfDue(bool final)
        {
            if (_writer == null) return;
            var now = _clock.Elapsed;
            if (!final && now - _lastProgress < TimeSpan.FromMilliseconds(500)) return;
            _lastProgress = now;
            var status = string.Format(CultureInfo.InvariantCulture, "{0:N0} read, {1:N0} written, {2:N0} failed, {3:N0} requests",
                _row, _writer.Succeeded, _writer.Failed + Interlocked.Read(ref _rowFailures), _writer.Requests);
            // While requests are being retried for a while, the status says so (the warning said it once).
            if (!final && _retryWarning is string retrying && now - _retryNotice < TimeSpan.FromSeconds(30)) status += "; " + retrying;
            var progress = new ProgressRecord(1, $"{MyInvocation.MyCommand.Name} to stream '{Stream}'", status);
            if (final) progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }

        /// <summary>Retries past CdfClientOptions.RetryWarningAfter: one warning per command, and the progress status says so for 30 s.</summary>
        protected override void ShowRetryingLong(string message)
        {
            _retryWarning = message;
            _retryNotice = _clock.Elapsed;
            if (!_retryShown)
            {
                _retryShown = true;
                WriteWarning(message);
            }
            WriteProgressIfDue(false);
        }

        /// <summary>The columns of an input object: a dictionary's entries or an object's properties, as plain values.</summary>
        internal static List<KeyValuePair<string, object?>> ColumnsOf(PSObject input)
        {
            var columns = new List<KeyValuePair<string, object?>>();
            if (input.BaseObject is IDictionary map)
            {
                foreach (DictionaryEntry e in map)
                {
                    var key = e.Key is PSObject pk ? pk.BaseObject : e.Key;
                    columns.Add(new KeyValuePair<string, object?>(Convert.ToString(key, CultureInfo.InvariantCulture) ?? "", Plain(e.Value, 0)));
                }
                return columns;
            }
            foreach (var p in input.Properties)
            {
                if (!p.IsGettable) continue;
                object? value;
                try { value = p.Value; }
                catch (GetValueException) { continue; }
                columns.Add(new KeyValuePair<string, object?>(p.Name, Plain(value, 0)));
            }
            return columns;
        }

        /// <summary>
        /// A value as plain .NET data for the engine, keeping the order of object members (a json property copied from
        /// one stream to another keeps its key order): PowerShell objects and dictionaries become ordered dictionaries,
        /// lists become arrays.
        /// </summary>
        private static object? Plain(object? value, int depth)
        {
            if (depth > 64) return value;
            if (value is PSObject pso)
            {
                if (pso.BaseObject is PSCustomObject)
                {
                    var members = new System.Collections.Specialized.OrderedDictionary(StringComparer.OrdinalIgnoreCase);
                    foreach (var p in pso.Properties) members[p.Name] = Plain(p.Value, depth + 1);
                    return members;
                }
                value = pso.BaseObject;
            }
            switch (value)
            {
                case null:
                case string _:
                    return value;
                case IDictionary map:
                    var copy = new System.Collections.Specialized.OrderedDictionary();
                    foreach (DictionaryEntry e in map) copy[(e.Key is PSObject k ? k.BaseObject : e.Key) ?? ""] = Plain(e.Value, depth + 1);
                    return copy;
                case IEnumerable list:
                    var items = new List<object?>();
                    foreach (var item in list) items.Add(Plain(item, depth + 1));
                    return items.ToArray();
                default:
                    return value;
            }
        }
    }
}
