using System.Reflection;

namespace CogniteRecords.Internal
{
    internal static class ModuleInfo
    {
        public static readonly string Version =
            (typeof(ModuleInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

        /// <summary>The User-Agent of every request: the module and its version.</summary>
        public static readonly string UserAgent = "CogniteRecords-PowerShell/" + Version;
    }
}
