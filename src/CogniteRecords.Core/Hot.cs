using System.Runtime.CompilerServices;

namespace CogniteRecords.Core
{
    /// <summary>
    /// MethodImplOptions.AggressiveOptimization (not named in netstandard2.0): the runtime compiles a method so marked
    /// fully optimised at its first call, skipping the slow first tier and the instrumented tier of tiered compilation.
    /// </summary>
    public static class Hot
    {
        public const MethodImplOptions Optimize = (MethodImplOptions)512;
    }
}
