using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;

namespace CogniteRecords.Internal
{
    /// <summary>
    /// The base of every cmdlet that calls the API: the async work runs off the pipeline thread, and everything that
    /// must happen on the pipeline thread (WriteObject, WriteVerbose, WriteDebug, WriteWarning, script block calls)
    /// is queued back to it through a bounded queue, which also keeps a fast reader from racing far ahead of a slow
    /// pipeline. Work that outlives the step that started it (requests still running between input objects) hands its
    /// output back in buffered mode (<see cref="PostBuffered"/>) instead. StopProcessing (Ctrl+C) and a stopped
    /// pipeline (Select-Object -First downstream) cancel the work.
    /// </summary>
    public abstract class AsyncPSCmdlet : PSCmdlet, IDisposable
    {
        // The cmdlet whose async work is running on this logical call flow: the token provider finds its pipeline here.
        private static readonly AsyncLocal<AsyncPSCmdlet?> s_current = new AsyncLocal<AsyncPSCmdlet?>();

        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private BlockingCollection<Action>? _queue;
        private readonly ConcurrentQueue<Action> _buffered = new ConcurrentQueue<Action>();
        private int _bufferedDrainPosted;

        /// <summary>The cmdlet running the current async flow, if any.</summary>
        internal static AsyncPSCmdlet? Current => s_current.Value;

        /// <summary>The runspace of the pipeline thread (captured there: worker threads have none).</summary>
        internal Runspace? PipelineRunspace { get; private set; }

        /// <summary>How many actions may wait for the pipeline thread before the worker waits.</summary>
        protected virtual int QueueCapacity => 16;

        protected virtual Task BeginProcessingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        protected virtual Task ProcessRecordAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        protected virtual Task EndProcessingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        /// <summary>Work done on the pipeline thread before the async part (parameter checks that need no request).</summary>
        protected virtual void BeginProcessingSync() { }

        /// <summary>
        /// Work done on the pipeline thread for each input object (reading it, ShouldProcess); returns whether
        /// <see cref="ProcessRecordAsync"/> should run for it. Cmdlets that take many small objects return false for
        /// most of them, so that each does not cost a trip to a worker thread.
        /// </summary>
        protected virtual bool ProcessRecordSync() => true;

        protected sealed override void BeginProcessing()
        {
            PipelineRunspace = Runspace.DefaultRunspace;
            RunBuffered();
            BeginProcessingSync();
            Run(BeginProcessingAsync);
        }

        protected sealed override void ProcessRecord()
        {
            RunBuffered();
            if (ProcessRecordSync()) Run(ProcessRecordAsync);
        }

        protected sealed override void EndProcessing()
        {
            RunBuffered();
            Run(EndProcessingAsync);
            RunBuffered();
        }

        protected override void StopProcessing() => _cancel.Cancel();

        private void Run(Func<CancellationToken, Task> work)
        {
            using var queue = new BlockingCollection<Action>(QueueCapacity);
            _queue = queue;
            Task task;
            var previous = s_current.Value;
            s_current.Value = this;
            try
            {
                task = Task.Run(() => work(_cancel.Token));
            }
            finally
            {
                s_current.Value = previous;
            }
            _ = task.ContinueWith(_ => queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            try
            {
                foreach (var action in queue.GetConsumingEnumerable())
                {
                    action();
                    // Also buffered actions whose drain could not be queued (the queue was full).
                    if (!_buffered.IsEmpty) RunBuffered();
                }
                RunBuffered();
            }
            catch
            {
                // The pipeline stopped (or a write failed): stop the work and let it finish before leaving.
                _cancel.Cancel();
                try { task.Wait(); } catch (AggregateException) { }
                throw;
            }
            finally
            {
                _queue = null;
            }

            if (task.IsFaulted || task.IsCanceled)
            {
                var error = task.Exception?.GetBaseException();
                if (task.IsCanceled || error is OperationCanceledException && _cancel.IsCancellationRequested)
                {
                    if (Stopping || _cancel.IsCancellationRequested) throw new PipelineStoppedException();
                }
                if (error is PipelineStoppedException) throw error;
                ThrowTerminatingError(error is ErrorRecordException ere ? ere.ErrorRecord : ErrorMapping.ToErrorRecord(error!, null));
            }
        }

        /// <summary>Runs an action on the pipeline thread, in order with everything else queued.</summary>
        protected void Post(Action action)
        {
            var queue = _queue ?? throw new InvalidOperationException("No pipeline is waiting for this cmdlet's output.");
            try
            {
                queue.Add(action, _cancel.Token);
            }
            catch (InvalidOperationException) when (queue.IsAddingCompleted)
            {
                throw new OperationCanceledException(_cancel.Token);
            }
        }

        /// <summary>
        /// Runs an action on the pipeline thread, in order with everything else queued, and returns a task that completes
        /// when it has run (faulted if it threw: the exception also stops the pipeline, as with <see cref="Post"/>).
        /// Waits while the queue is full.
        /// </summary>
        protected Task PostAsync(Action action)
        {
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Post(() =>
            {
                try
                {
                    action();
                    done.TrySetResult(true);
                }
                catch (Exception e)
                {
                    done.TrySetException(e);
                    throw;
                }
            });
            return done.Task;
        }

        /// <summary>Writes an object on the pipeline thread; the task completes when it has been written (has passed downstream).</summary>
        protected Task WriteObjectAsync(object? value) => PostAsync(() => WriteObject(value));

        /// <summary>
        /// Writes objects on the pipeline thread, one pipeline trip for all of them, then runs <paramref name="then"/>
        /// there (if given) right after the last; the task completes when all of it has run.
        /// </summary>
        protected Task WriteObjectsAsync(IEnumerable<object?> values, Action? then = null) => PostAsync(() =>
        {
            foreach (var value in values) WriteObject(value);
            then?.Invoke();
        });

        /// <summary>
        /// Buffered mode, for background work that outlives the steps of this cmdlet (requests still running between two
        /// input objects): the action never waits and never fails for want of a step. It runs on the pipeline thread at
        /// the next chance, in the order posted: at once while a step is waiting for its work, else when the next step
        /// (BeginProcessing, ProcessRecord, EndProcessing) starts, and when EndProcessing ends.
        /// </summary>
        protected internal void PostBuffered(Action action)
        {
            _buffered.Enqueue(action);
            var queue = _queue;
            if (queue == null || Interlocked.Exchange(ref _bufferedDrainPosted, 1) == 1) return;
            try
            {
                // A step is running: have its loop run the buffer. If the queue is full, the drain is posted later.
                if (!queue.TryAdd(RunBuffered)) Interlocked.Exchange(ref _bufferedDrainPosted, 0);
            }
            catch (Exception e) when (e is InvalidOperationException || e is ObjectDisposedException)
            {
                // The step just ended: the next one (or the end of this one) runs the buffer.
                Interlocked.Exchange(ref _bufferedDrainPosted, 0);
            }
        }

        /// <summary>A task for the buffered actions posted so far: completes once they have run on the pipeline thread.</summary>
        protected internal Task FlushBufferedAsync() => InvokeBufferedAsync(() => true);

        /// <summary>
        /// Runs a function on the pipeline thread in buffered mode, after every buffered action posted before it, and
        /// returns its result (faulted if it threw).
        /// </summary>
        protected internal Task<T> InvokeBufferedAsync<T>(Func<T> function)
        {
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            PostBuffered(() =>
            {
                try { done.TrySetResult(function()); }
                catch (Exception e) { done.TrySetException(e); }
            });
            return done.Task;
        }

        /// <summary>On the pipeline thread: runs the buffered actions.</summary>
        private void RunBuffered()
        {
            Interlocked.Exchange(ref _bufferedDrainPosted, 0);
            while (_buffered.TryDequeue(out var action)) action();
        }

        /// <summary>Runs a function on the pipeline thread and returns its result (used to call script blocks).</summary>
        internal Task<T> InvokeOnPipelineAsync<T>(Func<T> function)
        {
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            Post(() =>
            {
                try { done.TrySetResult(function()); }
                catch (Exception e) { done.TrySetException(e); }
            });
            return done.Task;
        }

        protected void QueueObject(object? value) => Post(() => WriteObject(value));
        protected void QueueVerbose(string message) => Post(() => WriteVerbose(message));
        protected void QueueWarning(string message) => Post(() => WriteWarning(message));
        protected void QueueError(ErrorRecord record) => Post(() => WriteError(record));

        /// <summary>Shows a warning from code that only knows the running cmdlet (a device-code prompt during a refresh).</summary>
        internal void ShowWarning(string message) => QueueWarning(message);

        /// <summary>Whether -Verbose (or $VerbosePreference) asks for verbose output; read on the pipeline thread.</summary>
        protected bool IsVerboseOn() => IsOn("Verbose", "VerbosePreference");

        /// <summary>Whether -Debug (or $DebugPreference) asks for debug output; read on the pipeline thread.</summary>
        protected bool IsDebugOn() => IsOn("Debug", "DebugPreference");

        private bool IsOn(string parameter, string preference)
        {
            if (MyInvocation.BoundParameters.TryGetValue(parameter, out var value))
                return value is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(value);
            var pref = GetVariableValue(preference);
            if (pref is PSObject pso) pref = pso.BaseObject;
            return pref is ActionPreference p ? p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore
                : pref != null && !string.Equals(pref.ToString(), "SilentlyContinue", StringComparison.OrdinalIgnoreCase)
                  && !string.Equals(pref.ToString(), "Ignore", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>
        /// An observer that shows requests under -Debug, retries under -Verbose, and, whatever the preferences, a warning
        /// and a progress status when a call's retries go on for more than a few seconds (<see cref="ShowRetryingLong"/>).
        /// Create it on the pipeline thread (it reads the preferences there). <paramref name="buffered"/>: for requests
        /// that outlive the step that sent them; what it shows goes through <see cref="PostBuffered"/>.
        /// </summary>
        internal IRequestObserver CreateObserver(bool buffered = false) => new Observer(this, IsDebugOn(), IsVerboseOn(), buffered);

        /// <summary>On the pipeline thread: a call's retries have gone on for a while. A warning and a progress status.</summary>
        protected virtual void ShowRetryingLong(string message)
        {
            WriteWarning(message);
            WriteProgress(new ProgressRecord(9, MyInvocation.MyCommand?.Name ?? "CogniteRecords", message));
        }

        private sealed class Observer : IRequestObserver, IRetryWarning
        {
            private readonly AsyncPSCmdlet _cmdlet;
            private readonly bool _debug;
            private readonly bool _verbose;
            private readonly bool _buffered;

            public Observer(AsyncPSCmdlet cmdlet, bool debug, bool verbose, bool buffered)
            {
                _cmdlet = cmdlet; _debug = debug; _verbose = verbose; _buffered = buffered;
            }

            private void Show(Action action)
            {
                if (_buffered) _cmdlet.PostBuffered(action);
                else _cmdlet.Post(action);
            }

            public void Debug(string message)
            {
                if (_debug) Show(() => _cmdlet.WriteDebug(message));
            }

            public void Retry(string message)
            {
                if (_verbose) Show(() => _cmdlet.WriteVerbose(message));
                else if (_debug) Show(() => _cmdlet.WriteDebug(message));
            }

            public void RetryingLong(string message)
            {
                try
                {
                    Show(() => _cmdlet.ShowRetryingLong(message));
                }
                catch (Exception e) when (e is InvalidOperationException || e is OperationCanceledException)
                {
                    // No pipeline is waiting (or it stopped): nothing to show it on; the retries go on regardless.
                }
            }
        }

        public void Dispose()
        {
            _cancel.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
