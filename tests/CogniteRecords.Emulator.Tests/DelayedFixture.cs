using System;
using CogniteRecords.Emulator.Hosting;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>An emulator whose reads lag its writes by 30 s (the tests move its clock instead of waiting).</summary>
    public sealed class DelayedFixture : EmulatorFixture
    {
        public static readonly TimeSpan Delay = TimeSpan.FromSeconds(30);

        protected override void Configure(EmulatorOptions options) => options.VisibilityDelay = Delay;
    }
}
