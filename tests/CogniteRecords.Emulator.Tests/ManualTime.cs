using System;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>Real time that only moves when a test says so.</summary>
    internal sealed class ManualTime : TimeProvider
    {
        public long Ticks;
        public override long GetTimestamp() => Ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public void Wait(TimeSpan t) => Ticks += t.Ticks;
    }
}
