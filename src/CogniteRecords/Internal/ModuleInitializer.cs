using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CogniteRecords.Internal
{
    /// <summary>
    /// Puts the engine's assembly isolation in place when the module is imported (see ARCHITECTURE.md). The engine
    /// (CogniteRecords.Core) and its dependencies live in the module's <c>lib</c> folder, where no default probing
    /// finds them: on PowerShell 7 a private AssemblyLoadContext (CogniteRecords.Loader.dll, net8.0) serves them;
    /// on Windows PowerShell 5.1 an AppDomain.AssemblyResolve handler does. Nothing is loaded here but the loader:
    /// the engine loads on the first cmdlet call that needs it.
    /// </summary>
    /// <remarks>
    /// There is no cleanup on Remove-Module: the handlers stay registered for the life of the process. Other
    /// runspaces (ForEach-Object -Parallel, runspace pools) may still have the module imported, .NET cannot unload
    /// the cmdlet assembly anyway, and the handlers answer only for the engine's own files; a later Import-Module
    /// finds them in place (registration is idempotent).
    /// </remarks>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        /// <summary>The folder under the module that holds the engine and its dependencies.</summary>
        internal const string EngineFolderName = "lib";

        private const string EngineAssemblyName = "CogniteRecords.Core";
        private const string LoaderFileName = "CogniteRecords.Loader.dll";
        private const string LoaderTypeName = "CogniteRecords.Loader.EngineLoader";

        /// <summary>Called by PowerShell on Import-Module.</summary>
        public void OnImport()
        {
            var moduleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location);
            if (string.IsNullOrEmpty(moduleDirectory)) return;
            var engineDirectory = Path.Combine(moduleDirectory, EngineFolderName);
            // A flat build folder (everything beside CogniteRecords.dll, as in bin/): ordinary probing finds it all.
            if (!Directory.Exists(engineDirectory)) return;

            if (IsNetFramework)
            {
                FrameworkResolver.Register(moduleDirectory!, engineDirectory);
                return;
            }
            if (Environment.Version.Major < 8)
            {
                throw new PlatformNotSupportedException(
                    $"CogniteRecords needs PowerShell 7.4 or later (.NET 8 or later), or Windows PowerShell 5.1; this is .NET {Environment.Version}.");
            }
            InvokeLoader("Register", engineDirectory, moduleDirectory!);
        }

        private static bool IsNetFramework => RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        private static Assembly? s_loaderAssembly;

        private static void InvokeLoader(string method, string engineDirectory, string moduleDirectory)
        {
            // Loaded by path into the default context; it references nothing but the runtime.
            s_loaderAssembly ??= Assembly.LoadFrom(Path.Combine(moduleDirectory, LoaderFileName));
            var loader = s_loaderAssembly.GetType(LoaderTypeName, throwOnError: true)!;
            try
            {
                loader.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new object[] { engineDirectory });
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                throw e.InnerException;
            }
        }

        /// <summary>
        /// Windows PowerShell 5.1: one AppDomain, no load contexts. Requests that ordinary binding cannot satisfy
        /// (the engine, its dependencies, or a version of one that differs from the copy we ship) are answered from
        /// lib, by simple name, when they come from our own assemblies. This is a fallback, not isolation: an
        /// assembly another module already loaded under the same full name is shared.
        /// </summary>
        private static class FrameworkResolver
        {
            private static readonly object s_gate = new object();
            private static string? s_moduleDirectory;
            private static string? s_engineDirectory;
            private static bool s_registered;
            private static readonly Dictionary<string, Assembly> s_loaded = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);

            public static void Register(string moduleDirectory, string engineDirectory)
            {
                lock (s_gate)
                {
                    s_moduleDirectory = moduleDirectory;
                    s_engineDirectory = engineDirectory;
                    if (s_registered) return;
                    AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
                    s_registered = true;
                }
            }

            private static Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
            {
                var name = new AssemblyName(args.Name).Name;
                if (string.IsNullOrEmpty(name)) return null;
                lock (s_gate)
                {
                    if (s_engineDirectory == null) return null;
                    if (!string.Equals(name, EngineAssemblyName, StringComparison.Ordinal) && !IsOurs(args.RequestingAssembly)) return null;
                    if (s_loaded.TryGetValue(name!, out var loaded)) return loaded;
                    var path = Path.Combine(s_engineDirectory, name + ".dll");
                    if (!File.Exists(path)) return null;
                    return s_loaded[name!] = Assembly.LoadFrom(path);
                }
            }

            // A request from our own assemblies, or one whose requester is unknown (reflection by name).
            private static bool IsOurs(Assembly? requester)
            {
                if (requester == null) return true;
                string location;
                try { location = requester.Location; }
                catch (NotSupportedException) { return false; } // dynamic assemblies
                return !string.IsNullOrEmpty(location) && s_moduleDirectory != null
                    && location.StartsWith(s_moduleDirectory, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
