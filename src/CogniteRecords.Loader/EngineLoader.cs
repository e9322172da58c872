using System;
using System.Reflection;
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

        /// <summary>Answers the default context's requests for the engine from <paramref name="directory"/>. Idempotent.</summary>
        public static void Register(string directory)
        {
            lock (s_gate)
            {
                // The engine assembly, once loaded, stays loaded (the context is not collectible): a Remove-Module
                // and Import-Module in the same session keeps using the same context and folder.
                s_context ??= new EngineLoadContext(directory);
                if (s_registered) return;
                AssemblyLoadContext.Default.Resolving += OnResolving;
                s_registered = true;
            }
        }

        private static Assembly? OnResolving(AssemblyLoadContext context, AssemblyName name)
        {
            if (!string.Equals(name.Name, EngineAssemblyName, StringComparison.Ordinal)) return null;
            return s_context?.LoadFromAssemblyName(name);
        }
    }
}
