using System;
using System.Collections.Generic;

namespace CogniteRecords.Bench
{
    /// <summary>Entry point: dispatches to the benchmark's commands.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length == 0)
            {
                Console.Error.WriteLine("usage: BenchTool transport|compare-csv|serve-pages --name value ...");
                return 2;
            }
            var options = ParseOptions(args, 1);
            try
            {
                switch (args[0])
                {
                    case "transport": return TransportLoop.Run(options);
                    case "compare-csv": return CsvComparison.Run(options);
                    case "serve-pages": return PageServer.Run(options);
                    default:
                        Console.Error.WriteLine($"unknown command '{args[0]}'");
                        return 2;
                }
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        }

        private static Dictionary<string, string> ParseOptions(string[] args, int start)
        {
            var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (int i = start; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal))
                    throw new ArgumentException($"expected --name, got '{args[i]}'");
                string name = args[i].Substring(2);
                string value = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
                options[name] = value;
            }
            return options;
        }

        internal static string Required(this Dictionary<string, string> options, string name) =>
            options.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");

        internal static string Optional(this Dictionary<string, string> options, string name, string fallback) =>
            options.TryGetValue(name, out var v) ? v : fallback;
    }
}
