using System;
using System.Threading;

namespace CogniteRecords.Emulator.Storage
{
    /// <summary>
    /// What every read of the store honours, shared by all projects and streams: the emulator's clock, and how long
    /// a write takes to become visible to sync, filter and aggregate (CDF's reads lag its writes; off by default).
    /// </summary>
    public sealed class StorePolicy
    {
        private long _visibilityDelayTicks;

        public StorePolicy(TimeProvider? clock = null) => Clock = clock ?? TimeProvider.System;

        /// <summary>The emulator's clock (see <see cref="EmulatorClock"/>).</summary>
        public TimeProvider Clock { get; }

        /// <summary>Now in epoch milliseconds, by <see cref="Clock"/>.</summary>
        public long NowMs => Clock.GetUtcNow().ToUnixTimeMilliseconds();

        /// <summary>How long after a write its records (and deletes) become visible to reads; zero: at once.</summary>
        public TimeSpan VisibilityDelay
        {
            get => TimeSpan.FromTicks(Interlocked.Read(ref _visibilityDelayTicks));
            set
            {
                if (value < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(value), "The visibility delay must not be negative.");
                Interlocked.Exchange(ref _visibilityDelayTicks, value.Ticks);
            }
        }
    }
}
