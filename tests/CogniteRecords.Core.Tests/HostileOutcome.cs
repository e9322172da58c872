using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;

namespace CogniteRecords.Core.Tests
{
    /// <summary>
    /// What one hostile case did to the client: the exception (if any), the cursors the caller would have committed (one per
    /// page returned: the cmdlet commits exactly those, after writing the page), requests sent, time, and memory: the bytes
    /// allocated in the process while it ran and the peak growth of the managed heap (sampled every 5 ms).
    /// </summary>
    public sealed class HostileOutcome
    {
        public Exception? Error { get; set; }
        public List<string> Committed { get; } = new List<string>();
        public int Requests { get; set; }
        public TimeSpan Elapsed { get; set; }
        public long AllocatedBytes { get; set; }
        public long PeakHeapGrowth { get; set; }

        public CdfApiException ApiError => Assert.IsType<CdfApiException>(Error);

        public override string ToString() => string.Format(System.Globalization.CultureInfo.InvariantCulture,
            "{0}; requests {1}; {2:0.00} s; allocated {3:0.0} MiB; peak heap growth {4:0.0} MiB; committed [{5}]",
            Error == null ? "no error" : Error.GetType().Name + " " + (Error is CdfApiException a ? a.Kind.ToString() : "") + ": " + Error.Message,
            Requests, Elapsed.TotalSeconds, AllocatedBytes / 1048576.0, PeakHeapGrowth / 1048576.0, string.Join(", ", Committed));

        /// <summary>Runs <paramref name="run"/> (which adds committed cursors) and measures it.</summary>
        public static async Task<HostileOutcome> MeasureAsync(CountingHandler handler, Func<HostileOutcome, Task> run)
        {
            var outcome = new HostileOutcome();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var heapBefore = GC.GetTotalMemory(true);
            var allocatedBefore = GC.GetTotalAllocatedBytes(true);
            long peak = heapBefore;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    var now = GC.GetTotalMemory(false);
                    if (now > Interlocked.Read(ref peak)) Interlocked.Exchange(ref peak, now);
                    try { await Task.Delay(5, sampling.Token); } catch (OperationCanceledException) { }
                }
            });
            var watch = Stopwatch.StartNew();
            try
            {
                await run(outcome);
            }
            catch (Exception e)
            {
                outcome.Error = e;
            }
            outcome.Elapsed = watch.Elapsed;
            sampling.Cancel();
            await sampler;
            outcome.AllocatedBytes = GC.GetTotalAllocatedBytes(true) - allocatedBefore;
            outcome.PeakHeapGrowth = Math.Max(0, Interlocked.Read(ref peak) - heapBefore);
            outcome.Requests = handler.Sent;
            return outcome;
        }
    }
}
