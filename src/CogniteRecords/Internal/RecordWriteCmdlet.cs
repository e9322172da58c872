using System;
using System.Collections;
using System.Collections.Concurrent;
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
    /// Nothing is sent before the first input object that ShouldProcess lets through, so -WhatIf sends nothing.
    /// </summary>
    public abstract class RecordWriteCmdlet : CdfApiCmdlet
    {
        private const int RowsPerHandOver = 1000;

        private readonly ConcurrentQueue<(bool Verbose, string Message)> _messages = new ConcurrentQueue<(bool, string)>();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private List<RecordInput> _rows = new List<RecordInput>();
        private RecordWriter? _writer;
        private long _row;
        private bool _mustAsk;
        private bool _debug, _verbose;
        private long _skipped;
        private long _rowFailures;
        private TimeSpan _lastProgress = TimeSpan.FromSeconds(-10);
        private TimeSpan _lastInput;
        private bool _flushSoon;

        // Input that pauses this long (e.g. Sync-CdfRecord -Follow upstream, between polls) sends what waits.
        private static readonly TimeSpan IdleInput = TimeSpan.FromSeconds(2);
        private readonly ConcurrentQueue<(RecordInput Row, string ErrorId, string Message, string? Column, bool Skipped)> _rowOutcomes =
            new ConcurrentQueue<(RecordInput, string, string, string?, bool)>();

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
            _debug = IsDebugOn();
            _verbose = IsVerboseOn();
            _mustAsk = MustAsk();
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
            Drain(false);
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
            await EnsureWriterAsync(cancellationToken).ConfigureAwait(false);
            await HandOverAsync(cancellationToken).ConfigureAwait(false);
            if (_flushSoon)
            {
                _flushSoon = false;
                await _writer!.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            // A -TokenProvider script block runs on the pipeline thread, which this cmdlet can reach only while one of
            // its steps runs: with such a connection, requests do not outlive the step that sent them.
            if (string.Equals(ConnectionInUse.Flow, "TokenProvider", StringComparison.Ordinal))
            {
                await _writer!.WaitIdleAsync().ConfigureAwait(false);
                Post(() => Drain(false));
            }
        }

        protected sealed override async Task EndProcessingAsync(CancellationToken cancellationToken)
        {
            if (_rows.Count > 0) await EnsureWriterAsync(cancellationToken).ConfigureAwait(false);
            if (_writer == null)
            {
                Post(() => Drain(true));
                return;
            }
            await HandOverAsync(cancellationToken).ConfigureAwait(false);
            var complete = _writer.CompleteAsync(cancellationToken);
            while (!complete.IsCompleted)
            {
                await Task.WhenAny(complete, Task.Delay(250, cancellationToken)).ConfigureAwait(false);
                Post(() => Drain(false));
            }
            await complete.ConfigureAwait(false);
            Post(() => Drain(true));
        }

        private async Task EnsureWriterAsync(CancellationToken ct)
        {
            if (_writer != null) return;
            var observer = new BufferedObserver(this);
            try
            {
                StreamInfo = await StreamsApi.RetrieveAsync(ConnectionInUse.Client, Stream, false, observer, ct).ConfigureAwait(false);
                if (Operation != RecordOperation.Ingest && !StreamInfo.IsMutable)
                {
                    throw new ErrorRecordException(ErrorMapping.Make("StreamImmutable", ErrorCategory.InvalidOperation,
                        $"The stream '{Stream}' is immutable ({StreamInfo.CreatedFromTemplate}): records can only be " +
                        (Operation == RecordOperation.Upsert ? "upserted" : "deleted") + " in mutable streams (e.g. BasicLiveData). Nothing was sent.", Stream));
                }
                var options = new RecordWriterOptions(Stream, Operation, StreamInfo.IsMutable) { Concurrency = ThrottleLimit };
                await PrepareAsync(options, observer, ct).ConfigureAwait(false);
                _writer = new RecordWriter(ConnectionInUse.Client, options, observer);
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
            foreach (var row in rows)
            {
                PendingRecord? record;
                try
                {
                    record = ToRecord(row);
                }
                catch (RecordRowException e)
                {
                    Interlocked.Increment(ref _rowFailures);
                    _rowOutcomes.Enqueue((row, e.ErrorId, e.Message, e.Column, false));
                    continue;
                }
                catch (RecordMappingException e)
                {
                    // No row can be mapped: stop, after settling what was already sent.
                    await _writer!.CompleteAsync(ct).ConfigureAwait(false);
                    Post(() => Drain(false));
                    throw new ErrorRecordException(ToError(e));
                }
                if (record == null)
                {
                    Interlocked.Increment(ref _skipped);
                    if (PassThru) _rowOutcomes.Enqueue((row, "", "A tombstone (Status 'deleted') has no values to write; it was skipped.", null, true));
                    continue;
                }
                await _writer!.AddAsync(record, ct).ConfigureAwait(false);
            }
        }

        /// <summary>On the pipeline thread: messages, per-record errors and results, progress.</summary>
        private void Drain(bool final)
        {
            while (_messages.TryDequeue(out var m))
            {
                if (m.Verbose) WriteVerbose(m.Message);
                else WriteDebug(m.Message);
            }
            var operation = Operation.ToString();
            while (_rowOutcomes.TryDequeue(out var r))
            {
                var result = new CdfRecordWriteResult(r.Row.Row, r.Row.Space, r.Row.ExternalId, operation, r.Skipped ? "Skipped" : "Failed",
                    r.Skipped ? null : r.ErrorId, r.Message, null, null, null);
                if (!r.Skipped) WriteError(new ErrorRecord(new ArgumentException(r.Message), r.ErrorId, ErrorCategory.InvalidData, result));
                if (PassThru) WriteObject(result);
            }
            if (_writer != null)
            {
                while (_writer.Outcomes.TryDequeue(out var o))
                {
                    if (o.Succeeded)
                    {
                        if (o.Note != null && _verbose) WriteVerbose($"Record '{o.Record.Key}': {o.Note}");
                        if (PassThru) WriteObject(CdfRecordWriteResult.From(o, operation, null));
                        continue;
                    }
                    var error = ErrorOf(o);
                    var result = CdfRecordWriteResult.From(o, operation, error.FullyQualifiedErrorId);
                    WriteError(new ErrorRecord(error.Exception, error.FullyQualifiedErrorId, error.CategoryInfo.Category, result) { ErrorDetails = error.ErrorDetails });
                    if (PassThru) WriteObject(result);
                }
            }
            WriteProgressIfDue(final);
            if (final)
            {
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
            var progress = new ProgressRecord(1, $"{MyInvocation.MyCommand.Name} to stream '{Stream}'",
                string.Format(CultureInfo.InvariantCulture, "{0:N0} read, {1:N0} written, {2:N0} failed, {3:N0} requests",
                    _row, _writer.Succeeded, _writer.Failed + Interlocked.Read(ref _rowFailures), _writer.Requests));
            if (final) progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }

        /// <summary>
        /// Keeps request diagnostics until the pipeline thread can write them: requests run in the background, also
        /// between the calls in which this cmdlet may write.
        /// </summary>
        private sealed class BufferedObserver : IRequestObserver
        {
            private readonly RecordWriteCmdlet _cmdlet;
            public BufferedObserver(RecordWriteCmdlet cmdlet) => _cmdlet = cmdlet;

            public void Debug(string message)
            {
                if (_cmdlet._debug) _cmdlet._messages.Enqueue((false, message));
            }

            public void Retry(string message)
            {
                if (_cmdlet._verbose) _cmdlet._messages.Enqueue((true, message));
                else if (_cmdlet._debug) _cmdlet._messages.Enqueue((false, message));
            }
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
