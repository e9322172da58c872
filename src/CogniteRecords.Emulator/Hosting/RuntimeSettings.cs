using System;
using System.Threading;

namespace CogniteRecords.Emulator.Hosting
{
    /// <summary>Settings that can change while the emulator runs (through /_emulator/config).</summary>
    public sealed class RuntimeSettings
    {
        private int _pageBytes = EmulatorOptions.DefaultPageBytes;
        private long _cursorMaxAgeTicks = -1;

        /// <summary>The sync response cap in bytes.</summary>
        public int PageBytes { get => Volatile.Read(ref _pageBytes); set => Volatile.Write(ref _pageBytes, value); }

        /// <summary>Cursors older than this are refused as expired; null: never.</summary>
        public TimeSpan? CursorMaxAge
        {
            get { long t = Interlocked.Read(ref _cursorMaxAgeTicks); return t < 0 ? null : TimeSpan.FromTicks(t); }
            set => Interlocked.Exchange(ref _cursorMaxAgeTicks, value?.Ticks ?? -1);
        }
    }
}
