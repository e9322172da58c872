using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Json;

namespace CogniteRecords.Core.Records
{
    /// <summary>
    /// Sends records in batches of at most <see cref="RecordWriterOptions.MaxItems"/> items and
    /// <see cref="RecordWriterOptions.MaxBytes"/> bytes (measured on the serialized body), several requests at once
    /// (bounded), through the one HTTP pipeline (which retries 408/429/5xx and dropped connections with backoff).
    /// Every record ends in exactly one <see cref="RecordOutcome"/>, given to the constructor's onOutcome as it is
    /// settled, or without one queued in <see cref="Outcomes"/>.
    /// </summary>
    /// <remarks>
    /// Failures are settled per record. A "partial" answer is matched by id: 2xx items succeeded, transient ones are
    /// sent again, others fail. A 400/413/422 on a batch of several items halves the batch (within a budget) so that
    /// only the refused items fail. On a mutable stream, an ingest 409 names the ids that exist; the rest of the batch
    /// was not written and is sent again. An id that exists is a failure (RecordExists) unless the request had been
    /// retried or re-sent: then an earlier attempt may have landed before its answer was lost, so the record is read
    /// back and counted as written when its values equal those sent (else RecordExists: another writer's record);
    /// since reads lag writes, the read-back waits and looks again (bounded); a record the service says exists but that
    /// cannot be read back in time is RecordNotVerified, never a failure.
    /// On a mutable stream, a batch holding an id that an earlier batch still in flight holds waits for it, so that
    /// repeated ids are written in input order.
    /// </remarks>
    public sealed class RecordWriter
    {
        private readonly CdfApiClient _client;
        private readonly RecordWriterOptions _options;
        private readonly IRequestObserver? _observer;
        private readonly Action<RecordOutcome> _settled;
        private readonly Uri _url;
        private readonly SemaphoreSlim _slots;
        private readonly object _gate = new object();
        private readonly Dictionary<RecordKey, Task> _inFlight = new Dictionary<RecordKey, Task>();
        private readonly List<Task> _running = new List<Task>();

        private List<PendingRecord> _batch = new List<PendingRecord>();
        private HashSet<RecordKey> _batchKeys = new HashSet<RecordKey>();
        private long _batchBytes;

        private long _succeeded, _failed, _notVerified, _requests, _bytesSent, _accepted, _notSent;
        private volatile bool _stopped;

        /// <summary>
        /// <c>onOutcome</c> is called with each record's outcome as it is settled, on the thread that settled it (a
        /// request's worker, or the caller of <see cref="AddAsync"/> or <see cref="FlushAsync"/>); it must not block.
        /// Without it, outcomes are queued in <see cref="Outcomes"/>.
        /// </summary>
        public RecordWriter(CdfApiClient client, RecordWriterOptions options, IRequestObserver? observer, Action<RecordOutcome>? onOutcome = null)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (options.MaxItems < 1 || options.MaxItems > 1000) throw new ArgumentOutOfRangeException(nameof(options), "MaxItems must be 1-1000.");
            if (options.Concurrency < 1) throw new ArgumentOutOfRangeException(nameof(options), "Concurrency must be at least 1.");
            _observer = observer;
            _settled = onOutcome ?? new Action<RecordOutcome>(Outcomes.Enqueue);
            var path = options.Operation switch
            {
                RecordOperation.Ingest => "/records",
                RecordOperation.Upsert => "/records/upsert",
                _ => "/records/delete",
            };
            _url = client.ProjectUri("streams/" + Uri.EscapeDataString(options.Stream) + path);
            _slots = new SemaphoreSlim(options.Concurrency, options.Concurrency);
        }

        /// <summary>Every record's outcome, as it is settled, when no onOutcome was given (drain it from any thread).</summary>
        public ConcurrentQueue<RecordOutcome> Outcomes { get; } = new ConcurrentQueue<RecordOutcome>();

        public long Accepted => Interlocked.Read(ref _accepted);
        public long Succeeded => Interlocked.Read(ref _succeeded);
        public long Failed => Interlocked.Read(ref _failed);

        /// <summary>
        /// Records that were probably written but could not be confirmed (see <see cref="RecordOutcome.NotVerified"/>):
        /// neither succeeded nor failed. Accepted = Succeeded + Failed + NotVerified + NotSent once complete.
        /// </summary>
        public long NotVerified => Interlocked.Read(ref _notVerified);

        /// <summary>Records settled as "RecordNotSent" after a failure stopped the writer (<see cref="RecordWriterOptions.StopAtFirstFailure"/>).</summary>
        public long NotSent => Interlocked.Read(ref _notSent);

        /// <summary>Whether a failure has stopped the writer (only with <see cref="RecordWriterOptions.StopAtFirstFailure"/>).</summary>
        public bool Stopped => _stopped;

        /// <summary>Requests sent (each batch and each re-send or half counts once; the pipeline's retries do not).</summary>
        public long Requests => Interlocked.Read(ref _requests);
        public long BytesSent => Interlocked.Read(ref _bytesSent);

        /// <summary>Queues a record; sends the batch when it is full. Waits while the most requests are in flight.</summary>
        public async Task AddAsync(PendingRecord record, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _accepted);
            if (_stopped)
            {
                SettleNotSent(record);
                return;
            }
            var size = record.Json.Length;
            if (ApiJson.BodySize(size, 1) > _options.MaxBytes)
            {
                Settle(record, false, "RecordTooLarge",
                    string.Format(CultureInfo.InvariantCulture, "{0} was not written: it is {1:N0} bytes as JSON, over the {2:N0} bytes one request may carry.", Name(record), size, _options.MaxBytes),
                    null, 413, null);
                return;
            }
            // Repeated ids may not share a request on a mutable stream (422): the repeat goes into the next batch.
            if (_options.MutableStream && _batchKeys.Contains(record.Key)) await DispatchAsync(cancellationToken).ConfigureAwait(false);
            if (_batch.Count > 0 && ApiJson.BodySize(_batchBytes + size, _batch.Count + 1) > _options.MaxBytes) await DispatchAsync(cancellationToken).ConfigureAwait(false);
            _batch.Add(record);
            _batchKeys.Add(record.Key);
            _batchBytes += size;
            if (_batch.Count >= _options.MaxItems) await DispatchAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Records queued for the next batch, not yet sent.</summary>
        public int Queued => _batch.Count;

        /// <summary>Sends the records queued so far as a batch now, without waiting for it to fill (for slow input).</summary>
        public Task FlushAsync(CancellationToken cancellationToken) => DispatchAsync(cancellationToken);

        /// <summary>Waits until every request sent so far has settled (the records still queued stay queued).</summary>
        public Task WaitIdleAsync()
        {
            Task[] running;
            lock (_gate) running = _running.ToArray();
            return Task.WhenAll(running);
        }

        /// <summary>Sends what is queued and waits until every record has its outcome.</summary>
        public async Task CompleteAsync(CancellationToken cancellationToken)
        {
            await DispatchAsync(cancellationToken).ConfigureAwait(false);
            Task[] running;
            lock (_gate) running = _running.ToArray();
            await Task.WhenAll(running).ConfigureAwait(false);
        }

        private async Task DispatchAsync(CancellationToken ct)
        {
            if (_batch.Count == 0) return;
            var batch = _batch;
            _batch = new List<PendingRecord>();
            _batchKeys = new HashSet<RecordKey>();
            _batchBytes = 0;

            if (_stopped)
            {
                foreach (var r in batch) SettleNotSent(r);
                return;
            }
            await _slots.WaitAsync(ct).ConfigureAwait(false);
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            List<Task>? before = null;
            lock (_gate)
            {
                if (_options.MutableStream)
                {
                    foreach (var r in batch)
                    {
                        if (_inFlight.TryGetValue(r.Key, out var earlier)) (before ??= new List<Task>()).Add(earlier);
                        _inFlight[r.Key] = done.Task;
                    }
                }
                _running.RemoveAll(t => t.IsCompleted);
            }

            var run = Task.Run(async () =>
            {
                try
                {
                    if (before != null) await Task.WhenAll(before.Distinct()).ConfigureAwait(false);
                    var budget = _options.MaxSplitRequests;
                    await SendAsync(batch, 0, budget, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Stopped: the records' fate is unknown, and the caller is stopping too.
                }
                catch (Exception e)
                {
                    foreach (var r in batch) Settle(r, false, null, $"{Name(r)} was not written: {e.Message}", e as CdfApiException, null, null);
                }
                finally
                {
                    lock (_gate)
                    {
                        if (_options.MutableStream)
                            foreach (var r in batch)
                                if (_inFlight.TryGetValue(r.Key, out var t) && ReferenceEquals(t, done.Task)) _inFlight.Remove(r.Key);
                    }
                    done.TrySetResult(true);
                    _slots.Release();
                }
            }, CancellationToken.None);
            lock (_gate) _running.Add(run);
        }

        /// <summary>Sends one batch and settles each of its records; <paramref name="round"/> counts re-sends.</summary>
        private async Task<int> SendAsync(List<PendingRecord> batch, int round, int budget, CancellationToken ct)
        {
            if (_stopped)
            {
                foreach (var r in batch) SettleNotSent(r);
                return budget;
            }
            var observer = new CountingObserver(_observer);
            Interlocked.Increment(ref _requests);
            long bytes = ApiJson.BodySize(batch.Sum(r => (long)r.Json.Length), batch.Count);
            try
            {
                await _client.SendAsync(HttpMethod.Post, _url, w => ApiJson.WriteItems(w, batch), CdfApiClient.DrainAsync, observer, ct).ConfigureAwait(false);
                Interlocked.Add(ref _bytesSent, bytes);
                foreach (var r in batch) Settle(r, true, null, null, null, null, null);
                return budget;
            }
            catch (CdfApiException e) when (!ct.IsCancellationRequested)
            {
                Interlocked.Add(ref _bytesSent, bytes);
                return await SettleFailureAsync(batch, e, observer.Retries > 0 || round > 0, round, budget, ct).ConfigureAwait(false);
            }
        }

        private async Task<int> SettleFailureAsync(List<PendingRecord> batch, CdfApiException e, bool retried, int round, int budget, CancellationToken ct)
        {
            var resend = new List<PendingRecord>();
            var existing = new List<PendingRecord>();
            var mutableIngest = _options.Operation == RecordOperation.Ingest && _options.MutableStream;

            if (e.Partial.Count > 0)
            {
                var codes = ParsePartial(e.Partial);
                foreach (var r in batch)
                {
                    if (!codes.TryGetValue(r.Key, out var c))
                    {
                        // Not reported either way: send it again (a landed one comes back as a 409 and is checked).
                        resend.Add(r);
                    }
                    else if (c.Code >= 200 && c.Code < 300) Settle(r, true, null, null, null, c.Code, null);
                    else if (c.Code == 409 && mutableIngest) existing.Add(r);
                    else if (c.Code is 408 or 429 or 500 or 502 or 503 or 504) resend.Add(r);
                    else Settle(r, false, c.Code == 409 ? "RecordExists" : null, $"{Name(r)} was not written: {c.Code} {c.Message ?? e.Message}", e, c.Code, null);
                }
            }
            else if (e.StatusCode == 409 && mutableIngest)
            {
                var named = ParseIds(e.Duplicated);
                // Nothing of a request answered 409 without 'partial' was written: the ids it names exist, the rest is sent again.
                foreach (var r in batch) (named.Count == 0 || named.Contains(r.Key) ? existing : resend).Add(r);
            }
            else if (e.StatusCode is 400 or 413 or 422 && batch.Count > 1 && budget >= 2)
            {
                // One bad item refuses the whole request: halve it until the refused items stand alone.
                var half = batch.Count / 2;
                budget -= 2;
                budget = await SendAsync(batch.GetRange(0, half), round, budget, ct).ConfigureAwait(false);
                return await SendAsync(batch.GetRange(half, batch.Count - half), round, budget, ct).ConfigureAwait(false);
            }
            else
            {
                foreach (var r in batch) Settle(r, false, null, $"{Name(r)} was not written: {e.Message}", e, e.StatusCode, null);
                return budget;
            }

            if (existing.Count > 0)
            {
                if (!retried)
                {
                    foreach (var r in existing)
                        Settle(r, false, "RecordExists", $"{Name(r)} was not written: a record with this id already exists in stream '{_options.Stream}' (use Set-CdfRecord to replace it). {e.Message}", e, 409, null);
                }
                else
                {
                    // Named: the answer said which ids exist ('partial' or 'duplicated'), so each of these is known to exist.
                    var named = e.Partial.Count > 0 || ParseIds(e.Duplicated).Count > 0;
                    await CheckLandedAsync(existing, resend, e, named, ct).ConfigureAwait(false);
                }
            }

            if (resend.Count > 0)
            {
                if (round >= _options.MaxResendRounds)
                {
                    foreach (var r in resend) Settle(r, false, null, $"{Name(r)} was not written after {round + 1} rounds of sending: {e.Message}", e, e.StatusCode, null);
                }
                else
                {
                    budget = await SendAsync(resend, round + 1, budget, ct).ConfigureAwait(false);
                }
            }
            return budget;
        }

        /// <summary>
        /// After a retried ingest met 409: reads the existing records back; those equal to what was sent were written
        /// by an earlier attempt of ours (its answer was lost), the others are another writer's records. Reads lag
        /// writes (a record is readable by filter a few seconds after its write), so a record not found yet is looked up
        /// again with growing pauses, up to <see cref="RecordWriterOptions.VerifyTimeout"/>. One the service said exists
        /// but that still cannot be read back is never reported as failed: it ends as RecordNotVerified (not sent again).
        /// When the 409 did not say which ids exist, one still not found is sent again (if it exists, the answer says so).
        /// </summary>
        private async Task CheckLandedAsync(List<PendingRecord> existing, List<PendingRecord> resend, CdfApiException e, bool named, CancellationToken ct)
        {
            var containers = _options.Containers.Count > 0 ? _options.Containers : ContainersOf(existing);
            var clock = Stopwatch.StartNew();
            var pause = _options.VerifyFirstPause;
            var pending = existing;
            CdfApiException? lookupError = null;
            var lookups = 0;
            while (true)
            {
                var missing = new List<PendingRecord>();
                lookups++;
                foreach (var group in pending.GroupBy(r => r.Key.Space, StringComparer.Ordinal))
                {
                    Dictionary<string, JsonElement> found;
                    try
                    {
                        found = await RecordQuery.LookupAsync(_client, _options.Stream, group.Key, group.Select(r => r.Key.ExternalId).Distinct().ToList(), containers, _observer, ct).ConfigureAwait(false);
                    }
                    catch (CdfApiException lookup) when (!ct.IsCancellationRequested)
                    {
                        // Not conclusive either way, and the pipeline has already retried what may pass: stop looking.
                        lookupError = lookup;
                        missing.AddRange(group);
                        continue;
                    }
                    foreach (var r in group)
                    {
                        if (!found.TryGetValue(r.Key.ExternalId, out var current)) missing.Add(r);
                        else if (RecordComparer.SameValues(r.Json, current, _options.TypeOf))
                            Settle(r, true, null, null, null, 409, "The stream answered 409 to a retried request; the record holds exactly the values sent, so an earlier attempt had landed.");
                        else
                            Settle(r, false, "RecordExists", $"{Name(r)} was not written: a record with this id and other values already exists in stream '{_options.Stream}' (use Set-CdfRecord to replace it).", e, 409, null);
                    }
                }
                if (missing.Count == 0) return;
                pending = missing;
                if (lookupError != null || clock.Elapsed + pause > _options.VerifyTimeout) break;
                _observer?.Debug(string.Format(CultureInfo.InvariantCulture,
                    "{0} record(s) the stream says exist could not be read back yet (reads lag writes): looking again in {1:0.##} s.", missing.Count, pause.TotalSeconds));
                await Task.Delay(pause, ct).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, _options.VerifyMaxPause.Ticks));
            }

            foreach (var r in pending)
            {
                if (!named && lookupError == null)
                {
                    resend.Add(r);
                    continue;
                }
                var why = lookupError != null
                    ? "reading it back failed: " + lookupError.Message
                    : string.Format(CultureInfo.InvariantCulture, "it could not be read back in {0:0} s ({1} lookups; records become readable some seconds after they are written)", clock.Elapsed.TotalSeconds, lookups);
                SettleNotVerified(r, string.Format(CultureInfo.InvariantCulture,
                    "{0} was probably written, but this could not be confirmed: a request holding it lost its answer and was sent again, the stream answered 409 " +
                    "(a record with this id exists), and {1}. It was not sent again and is not counted as failed. Check it later with Get-CdfRecord or Sync-CdfRecord " +
                    "(stream '{2}').", Name(r), why, _options.Stream), e);
            }
        }

        private static IReadOnlyList<(string, string)> ContainersOf(IEnumerable<PendingRecord> records)
        {
            var set = new List<(string, string)>();
            foreach (var r in records)
            {
                using var doc = JsonDocument.Parse(r.Json);
                if (!doc.RootElement.TryGetProperty("sources", out var sources)) continue;
                foreach (var s in sources.EnumerateArray())
                {
                    var src = s.GetProperty("source");
                    var key = (src.GetProperty("space").GetString()!, src.GetProperty("externalId").GetString()!);
                    if (!set.Contains(key)) set.Add(key);
                }
            }
            return set;
        }

        private static Dictionary<RecordKey, (int Code, string? Message)> ParsePartial(IReadOnlyList<string> partial)
        {
            var map = new Dictionary<RecordKey, (int, string?)>();
            foreach (var text in partial)
            {
                try
                {
                    using var doc = JsonDocument.Parse(text);
                    var e = doc.RootElement;
                    if (e.ValueKind != JsonValueKind.Object) continue;
                    var space = e.TryGetProperty("space", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                    var id = e.TryGetProperty("externalId", out var x) && x.ValueKind == JsonValueKind.String ? x.GetString() : null;
                    var code = e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var ci) ? ci : 0;
                    var message = e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                    if (space != null && id != null) map[new RecordKey(space, id)] = (code, message);
                }
                catch (JsonException)
                {
                    // An item not in the documented shape cannot be matched; its record is sent again.
                }
            }
            return map;
        }

        private static HashSet<RecordKey> ParseIds(IReadOnlyList<string> items)
        {
            var set = new HashSet<RecordKey>();
            foreach (var text in items)
            {
                try
                {
                    using var doc = JsonDocument.Parse(text);
                    var e = doc.RootElement;
                    if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("space", out var s) && e.TryGetProperty("externalId", out var x)
                        && s.ValueKind == JsonValueKind.String && x.ValueKind == JsonValueKind.String)
                        set.Add(new RecordKey(s.GetString()!, x.GetString()!));
                }
                catch (JsonException) { }
            }
            return set;
        }

        private void Settle(PendingRecord r, bool ok, string? errorId, string? message, CdfApiException? error, int? code, string? note)
        {
            if (!ok && _options.StopAtFirstFailure) _stopped = true;
            Interlocked.Increment(ref ok ? ref _succeeded : ref _failed);
            _settled(new RecordOutcome(r, ok, errorId, message, error, code, note));
        }

        private void SettleNotVerified(PendingRecord r, string message, CdfApiException error)
        {
            Interlocked.Increment(ref _notVerified);
            _settled(new RecordOutcome(r, false, RecordOutcome.NotVerifiedId, message, error, 409, null) { NotVerified = true });
        }

        private void SettleNotSent(PendingRecord r)
        {
            Interlocked.Increment(ref _notSent);
            _settled(new RecordOutcome(r, false, NotSentErrorId, $"{Name(r)} was not sent: an earlier failure stopped the command (-ErrorAction Stop).", null, null, null));
        }

        /// <summary>The ErrorId of a record a stopped writer did not send.</summary>
        public const string NotSentErrorId = "RecordNotSent";

        private static string Name(PendingRecord r) =>
            "Record '" + r.Key.Space + "/" + r.Key.ExternalId + "'" + (r.Row > 0 ? " (row " + r.Row.ToString(CultureInfo.InvariantCulture) + ")" : "");
    }
}
