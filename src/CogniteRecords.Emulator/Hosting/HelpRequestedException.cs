using System;

namespace CogniteRecords.Emulator.Hosting
{
    /// <summary>Thrown by <see cref="EmulatorOptions.Parse"/> for --help.</summary>
    public sealed class HelpRequestedException : Exception { }
}
