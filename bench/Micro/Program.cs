using BenchmarkDotNet.Running;

namespace CogniteRecords.Bench.Micro
{
    public static class Program
    {
        public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
