using System;
using System.Threading;

namespace CogniteRecords.Emulator.Storage
{
    /// <summary>
    /// The emulator's one clock: the wall clock plus an offset that an admin call can move forward, so a test can
    /// see what a runbook does after a week away in milliseconds. Everything time-based reads it: record and
    /// stream times, initializeCursor, cursor age, retention, token expiry. It never goes back (nor does CDF's),
    /// so a stream's change times stay in order. Rates (throttling) use real time, not this clock.
    /// </summary>
    public sealed class EmulatorClock : TimeProvider
    {
        private long _offsetTicks;

        /// <summary>How far the clock is ahead of the wall clock.</summary>
        public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _offsetTicks));

        /// <summary>Now, in epoch milliseconds (the unit of every time in the API).</summary>
        public long NowMs => GetUtcNow().ToUnixTimeMilliseconds();

        /// <summary>Moves the clock forward by <paramref name="by"/> (zero or more); returns the new now.</summary>
        public DateTimeOffset Advance(TimeSpan by)
        {
            if (by < TimeSpan.Zero) throw new InvalidOperationException("The emulator clock only moves forward: the step must not be negative.");
            Interlocked.Add(ref _offsetTicks, by.Ticks);
            return GetUtcNow();
        }

        /// <summary>Sets the clock to <paramref name="to"/>, which must not be earlier than now; returns the new now.</summary>
        public DateTimeOffset Set(DateTimeOffset to)
        {
            var now = GetUtcNow();
            if (to < now)
                throw new InvalidOperationException($"The emulator clock only moves forward: it is {now:O} and {to.ToUniversalTime():O} is earlier.");
            return Advance(to - now);
        }
    }
}
