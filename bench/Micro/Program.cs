using System;
using System.Diagnostics;
using BenchmarkDotNet.Running;

namespace CogniteRecords.Bench.Micro
{
    public static class Program
    {
        /// <summary>
        /// BenchmarkDotNet by default. 'cpu [seconds]' instead runs each case in a loop and reports process CPU time per
        /// operation: on a machine shared with other work, wall-clock figures grow with the load, CPU time much less.
        /// </summary>
        public static void Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "cold")
            {
                // The first N pages of a fresh process, as a sync meets them: JIT compilation and tiering included.
                var pages = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100;
                var cold = new PageReaderBenchmarks();
                cold.Setup();
                var process = Process.GetCurrentProcess();
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < pages; i++) cold.ReadPage().GetAwaiter().GetResult();
                process.Refresh();
                Console.WriteLine($"SyncPageReader, first {pages} pages of a fresh process, per record: CPU {(process.TotalProcessorTime - cpu0).TotalMilliseconds * 1000 / (pages * 1000.0),9:N3} µs   wall {clock.Elapsed.TotalMilliseconds * 1000 / (pages * 1000.0),9:N3} µs");
                return;
            }
            if (args.Length > 0 && args[0] == "cpu")
            {
                double seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
                var page = new PageReaderBenchmarks();
                page.Setup();
                CpuTime("SyncPageReader, per record (page of 1000)", seconds, 1000, () => page.ReadPage().GetAwaiter().GetResult());
                if (args.Length > 2 && args[2] == "page") return;
                var objects = new OutputObjectBenchmarks();
                CpuTime("PSObject + 15 note properties", seconds, 1, () => objects.NoteProperties());
                CpuTime("PSObject + 15 note properties, preValidated", seconds, 1, () => objects.NotePropertiesPreValidated());
                CpuTime("typed object, wrapped", seconds, 1, () => objects.TypedObject());
                CpuTime("values array + shared schema, wrapped", seconds, 1, () => objects.ValuesArray());
                return;
            }
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }

        private static void CpuTime(string name, double seconds, int perOperation, Func<object?> operation)
        {
            for (int i = 0; i < 20; i++) operation(); // JIT and tiering
            var process = Process.GetCurrentProcess();
            var clock = Stopwatch.StartNew();
            long count = 0;
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                for (int i = 0; i < 10; i++) operation();
                count += 10;
            }
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpu0).TotalMilliseconds * 1000 / (count * perOperation);
            var wall = clock.Elapsed.TotalMilliseconds * 1000 / (count * perOperation);
            Console.WriteLine($"{name,-50} CPU {cpu,9:N3} µs   wall {wall,9:N3} µs");
        }
    }
}
