using System;
using System.Diagnostics;
using System.IO;

namespace CogniteRecords.Bench
{
    /// <summary>Process figures the benchmark reads the same way in every case.</summary>
    internal static class ProcessStats
    {
        /// <summary>Peak resident set (VmHWM) on Linux; PeakWorkingSet64 elsewhere.</summary>
        public static long PeakWorkingSetBytes()
        {
            const string status = "/proc/self/status";
            if (File.Exists(status))
            {
                foreach (string line in File.ReadLines(status))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        string kb = line.Substring(6).Trim().Split(' ')[0];
                        return long.Parse(kb, System.Globalization.CultureInfo.InvariantCulture) * 1024;
                    }
                }
            }
            return Process.GetCurrentProcess().PeakWorkingSet64;
        }
    }
}
