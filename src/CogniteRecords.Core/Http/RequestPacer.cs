using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace CogniteRecords.Core.Http
{
    /// <summary>
    /// Keeps one client's requests within its <see cref="RequestBudgets"/>: per budget class, a concurrency limiter (a
    /// request holds its slot from sending until its body is read) chained with a token bucket for the request rate.
    /// Waiters queue in arrival order and without bound, so that many syncs on one connection take turns instead of
    /// provoking 429s. The stream types learnt from the Streams calls decide which query budget a stream's calls use. Queries
    /// also keep within the response volume budget (bytes of answers per second), shared by both query classes.
    /// </summary>
    internal sealed class RequestPacer : IDisposable
    {
        private readonly Dictionary<BudgetClass, RateLimiter> _limiters = new Dictionary<BudgetClass, RateLimiter>();
        private readonly List<RateLimiter> _owned = new List<RateLimiter>();
        // Per stream: whether it is mutable, known or being read (one read for all callers that ask at once).
        // (Lazy: GetOrAdd may run its factory more than once when callers race; the Lazy is what makes the read one.)
        private readonly ConcurrentDictionary<string, Lazy<Task<bool>>> _mutable = new ConcurrentDictionary<string, Lazy<Task<bool>>>(StringComparer.Ordinal);

        // The query response volume: a token bucket of kilobytes (1,000 bytes), holding one second's worth at 95% of the
        // budget. Each query takes the size it is expected to answer with before it is sent (what recent answers weighed),
        // and pays the rest once its answer has been read, so that parallel queries do not overdraw what the service counts.
        private readonly TokenBucketRateLimiter? _volume;
        private readonly int _volumeLimit;
        private double _expectedKb = 64;
        private readonly object _expectedGate = new object();

        /// <summary>The bytes one permit of the response volume bucket stands for.</summary>
        internal const int VolumeUnit = 1000;

        public RequestPacer(RequestBudgets budgets)
        {
            Budgets = budgets ?? throw new ArgumentNullException(nameof(budgets));
            foreach (var pair in budgets.Limits) _limiters[pair.Key] = Create(pair.Value);
            if (budgets.QueryResponseBytesPerSecond is double bytes)
            {
                var kbPerSecond = bytes * 0.95 / VolumeUnit;
                _volumeLimit = Math.Max(1, (int)Math.Floor(kbPerSecond));
                // 20 refills a second: the wait after a large answer is paid back in small, even steps.
                var perPeriod = Math.Max(1, (int)Math.Round(kbPerSecond / 20));
                _volume = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
                {
                    TokenLimit = _volumeLimit,
                    TokensPerPeriod = perPeriod,
                    ReplenishmentPeriod = TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond * perPeriod / kbPerSecond)),
                    AutoReplenishment = true,
                    QueueLimit = int.MaxValue,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                });
            }
        }

        private static bool IsQuery(BudgetClass budget) => budget == BudgetClass.RecordsQueryMutable || budget == BudgetClass.RecordsQueryImmutable;

        /// <summary>
        /// For a query, when the response volume is paced: waits until the answer it is expected to bring (the weight of
        /// recent answers) fits in the volume budget, and takes it. Returns the kilobytes taken (0 for other calls).
        /// </summary>
        public async ValueTask<int> TakeExpectedVolumeAsync(BudgetClass budget, CancellationToken cancellationToken)
        {
            if (_volume == null || !IsQuery(budget)) return 0;
            int take;
            lock (_expectedGate) take = Math.Min(_volumeLimit, Math.Max(1, (int)Math.Ceiling(_expectedKb)));
            using var lease = await _volume.AcquireAsync(take, cancellationToken).ConfigureAwait(false);
            return take;
        }

        /// <summary>
        /// After a query's answer was read (<paramref name="bytes"/> long): pays what it weighed beyond what was taken before
        /// it was sent (waiting, in the volume queue, until the budget has it), and learns the weight of answers.
        /// </summary>
        public async ValueTask PayVolumeAsync(BudgetClass budget, int takenKb, long bytes, CancellationToken cancellationToken)
        {
            if (_volume == null || !IsQuery(budget)) return;
            var kb = (double)bytes / VolumeUnit;
            lock (_expectedGate) _expectedKb = _expectedKb * 0.5 + kb * 0.5;
            var owed = (long)Math.Ceiling(kb) - takenKb;
            while (owed > 0)
            {
                var part = (int)Math.Min(owed, _volumeLimit);
                using var lease = await _volume.AcquireAsync(part, cancellationToken).ConfigureAwait(false);
                owed -= part;
            }
        }

        public RequestBudgets Budgets { get; }

        /// <summary>
        /// The rate a budget is paced at, and the burst allowed. A bucket of at most <c>burst</c> tokens refilled evenly at
        /// <c>rate</c> starts at most burst + ceil(rate) - 1 requests in any one-second window, which this keeps within the
        /// budget, so a server that counts per second sees no more than it allows even right after the burst is spent. The
        /// burst (a tenth of the budget) absorbs a late refill timer on a busy machine, and the rate stays 5% below the
        /// budget for the jitter between sending and the server's count.
        /// </summary>
        internal static (double Rate, int Burst) Pace(BudgetLimit limit)
        {
            var budget = limit.RequestsPerSecond;
            var burst = Math.Max(1, (int)Math.Floor(budget / 10));
            var rate = Math.Min(budget - burst + 1, budget * 0.95);
            return (rate, burst);
        }

        private RateLimiter Create(BudgetLimit limit)
        {
            var (rate, burst) = Pace(limit);
            var concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = limit.Concurrency,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
            // One token per refill period; the limiter adds the tokens due for the time that actually passed.
            var bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / rate)),
                AutoReplenishment = true,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
            _owned.Add(concurrency);
            _owned.Add(bucket);
            // The slot first, then the token: a token taken while waiting for a slot would be spent in a burst later.
            return RateLimiter.CreateChained(concurrency, bucket);
        }

        /// <summary>Waits for a slot and a token of <paramref name="budget"/>; the lease holds the slot until disposed.</summary>
        public ValueTask<RateLimitLease> AcquireAsync(BudgetClass budget, CancellationToken cancellationToken) =>
            _limiters.TryGetValue(budget, out var limiter) ? limiter.AcquireAsync(1, cancellationToken) : new ValueTask<RateLimitLease>(Unpaced.Instance);

        /// <summary>Whether a stream is mutable: what is known, or the one <paramref name="read"/> of it that callers share.</summary>
        public Task<bool> IsMutableAsync(string stream, Func<Task<bool>> read) => _mutable.GetOrAdd(stream, _ => new Lazy<Task<bool>>(read)).Value;

        /// <summary>Forgets a read that failed, so that a later call reads again.</summary>
        public void Forget(string stream, Task<bool> read)
        {
            if (_mutable.TryGetValue(stream, out var known) && known.IsValueCreated && ReferenceEquals(known.Value, read))
                ((ICollection<KeyValuePair<string, Lazy<Task<bool>>>>)_mutable).Remove(new KeyValuePair<string, Lazy<Task<bool>>>(stream, known));
        }

        public void NoteStream(string stream, bool mutable) => _mutable[stream] = new Lazy<Task<bool>>(() => Task.FromResult(mutable));

        public void Dispose()
        {
            foreach (var limiter in _limiters.Values) limiter.Dispose();
            foreach (var limiter in _owned) limiter.Dispose();
            _volume?.Dispose();
        }

        /// <summary>The lease of a call no budget covers.</summary>
        private sealed class Unpaced : RateLimitLease
        {
            public static readonly Unpaced Instance = new Unpaced();
            public override bool IsAcquired => true;
            public override IEnumerable<string> MetadataNames => Array.Empty<string>();
            public override bool TryGetMetadata(string metadataName, out object? metadata)
            {
                metadata = null;
                return false;
            }
        }
    }
}
