using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace CogniteRecords.Loader
{
    /// <summary>
    /// Hands the engine to the cmdlet assembly: a Resolving handler on the default context that answers only for
    /// CogniteRecords.Core, from the private <see cref="EngineLoadContext"/>. The cmdlet assembly and the types users
    /// see stay in the default context. Called by reflection from CogniteRecords.dll at import; it stays registered
    /// for the life of the process (other runspaces may still use the module after a Remove-Module).
    /// </summary>
    public static class EngineLoader
    {
        /// <summary>The engine assembly's simple name: the only name this handler answers for.</summary>
        public const string EngineAssemblyName = "CogniteRecords.Core";

        private static readonly object s_gate = new object();
        private static EngineLoadContext? s_context;
        private static bool s_registered;

        /// <summary>The engine's context, once registered (one per process: a re-import reuses it).</summary>
        public static AssemblyLoadContext? Context => s_context;

        /// <summary>
        /// Set to 1 to load the portable (IL, netstandard2.0) engine even where a precompiled one fits: for comparing
        /// the two (bench/), not needed otherwise.
        /// </summary>
        public const string PortableOnlyVariable = "COGNITERECORDS_PORTABLE_ENGINE";

        /// <summary>
        /// Answers the default context's requests for the engine from <paramref name="directory"/> (the module's lib),
        /// taking first the engine precompiled (ReadyToRun) for this platform and runtime, from lib/&lt;rid&gt;/&lt;tfm&gt;
        /// (linux-x64/net10.0, win-x64/net8.0, ...), when the module ships one. Idempotent.
        /// </summary>
        public static void Register(string directory)
        {
            lock (s_gate)
            {
                // The engine assembly, once loaded, stays loaded (the context is not collectible): a Remove-Module
                // and Import-Module in the same session keeps using the same context and folder.
                s_context ??= new EngineLoadContext(EngineDirectories(directory));
                if (s_registered) return;
                AssemblyLoadContext.Default.Resolving += OnResolving;
                s_registered = true;
            }
        }

        /// <summary>lib/&lt;rid&gt;/&lt;tfm&gt; then lib, when that folder holds the engine; lib alone otherwise.</summary>
        public static string[] EngineDirectories(string directory)
        {
            var platform = PlatformFolderName();
            if (platform != null && Environment.GetEnvironmentVariable(PortableOnlyVariable) != "1")
            {
                var precompiled = Path.Combine(directory, platform, RuntimeFolderName());
                if (File.Exists(Path.Combine(precompiled, EngineAssemblyName + ".dll"))) return new[] { precompiled, directory };
            }
            return new[] { directory };
        }

        /// <summary>
        /// The build whose precompiled code this runtime uses: ReadyToRun code is taken only by the runtime major it was
        /// compiled for (newer runtimes refuse older formats and run the IL instead), so .NET 10 and later get the
        /// net10.0 build and .NET 8 and 9 (PowerShell 7.4 and 7.5) the net8.0 one.
        /// </summary>
        public static string RuntimeFolderName() => Environment.Version.Major >= 10 ? "net10.0" : "net8.0";

        /// <summary>The runtime identifier the build precompiles for (linux-x64, win-x64, osx-arm64, ...), or null.</summary>
        public static string? PlatformFolderName()
        {
            string? os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "osx" : null;
            string? arch = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "x64",
                Architecture.Arm64 => "arm64",
                _ => null,
            };
            return os == null || arch == null ? null : os + "-" + arch;
        }

        private static Assembly? OnResolving(AssemblyLoadContext context, AssemblyName name)
        {
            if (!string.Equals(name.Name, EngineAssemblyName, StringComparison.Ordinal)) return null;
            return s_context?.LoadFromAssemblyName(name);
        }
    }
}
