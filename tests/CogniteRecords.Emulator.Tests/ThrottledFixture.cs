using CogniteRecords.Emulator.Hosting;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>An emulator in throttling mode whose budgets count a time that stands still: none refills during a test.</summary>
    public sealed class ThrottledFixture : EmulatorFixture
    {
        protected override void Configure(EmulatorOptions options)
        {
            options.Throttle = true;
            options.ThrottleTime = new ManualTime();
        }
    }
}
