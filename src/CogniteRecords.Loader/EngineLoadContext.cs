using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace CogniteRecords.Loader
{
    /// <summary>
    /// The private load context of the engine (CogniteRecords.Core) and its third-party dependencies (MSAL, Polly,
    /// ...), read from the module's <c>lib</c> folder. Whatever another module loaded into the default context
    /// (an older MSAL, say) is never seen here, and ours is never seen there. An assembly that the runtime or
    /// PowerShell itself provides at the same or a newer version (System.Text.Json on .NET 10, System.Memory, ...)
    /// is taken from the default context instead: those can never be replaced there, sharing them avoids a second
    /// copy of the same types, and a netstandard2.0 shim must not shadow the runtime's own types.
    /// With several folders the first that holds a file of the asked name wins: the engine's precompiled copies for this
    /// platform (lib/&lt;rid&gt;), then the portable ones (lib).
    /// </summary>
    public sealed class EngineLoadContext : AssemblyLoadContext
    {
        private readonly string[] _directories;
        private readonly object _gate = new object();
        private readonly Dictionary<string, bool> _fromPlatform = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        private Dictionary<string, string>? _platformPaths;

        /// <summary>A context that loads from <paramref name="directory"/>.</summary>
        public EngineLoadContext(string directory) : this(new[] { directory })
        {
        }

        /// <summary>A context that loads from the first of <paramref name="directories"/> that holds the asked file.</summary>
        public EngineLoadContext(string[] directories) : base("CogniteRecords.Engine", isCollectible: false)
        {
            if (directories == null || directories.Length == 0) throw new ArgumentException("At least one folder is needed.", nameof(directories));
            _directories = (string[])directories.Clone();
        }

        /// <summary>The first folder the engine's assemblies are read from (the precompiled one, when there is one).</summary>
        public string Directory => _directories[0];

        /// <summary>Every folder the engine's assemblies are read from, in order.</summary>
        public IReadOnlyList<string> Directories => _directories;

        /// <inheritdoc />
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name == null) return null;
            string? path = null;
            foreach (var directory in _directories)
            {
                var candidate = Path.Combine(directory, assemblyName.Name + ".dll");
                if (File.Exists(candidate)) { path = candidate; break; }
            }
            // Not ours (the runtime's, PowerShell's): the default context answers.
            if (path == null) return null;
            if (IsProvidedByPlatform(assemblyName.Name, path)) return null;
            return LoadFromAssemblyPath(path);
        }

        /// <summary>Whether the runtime or the host's own assemblies (the trusted platform list) hold this one at least as new.</summary>
        private bool IsProvidedByPlatform(string name, string ourPath)
        {
            lock (_gate)
            {
                if (_fromPlatform.TryGetValue(name, out var known)) return known;
                var result = false;
                if (PlatformPaths().TryGetValue(name, out var platformPath))
                {
                    var platformVersion = AssemblyName.GetAssemblyName(platformPath).Version;
                    var ourVersion = AssemblyName.GetAssemblyName(ourPath).Version;
                    result = platformVersion != null && ourVersion != null && platformVersion >= ourVersion;
                }
                _fromPlatform[name] = result;
                return result;
            }
        }

        private Dictionary<string, string> PlatformPaths()
        {
            if (_platformPaths != null) return _platformPaths;
            var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
            {
                foreach (var path in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) paths[Path.GetFileNameWithoutExtension(path)] = path;
                }
            }
            return _platformPaths = paths;
        }
    }
}
