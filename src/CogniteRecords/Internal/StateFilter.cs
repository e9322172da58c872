using System.Management.Automation;

namespace CogniteRecords.Commands
{
    internal static class StateFilter
    {
        public static bool Matches(SyncState state, string[]? streams, string? project)
        {
            if (project != null && !new WildcardPattern(project, WildcardOptions.IgnoreCase).IsMatch(state.Project)) return false;
            if (streams == null) return true;
            foreach (var s in streams)
                if (new WildcardPattern(s, WildcardOptions.IgnoreCase).IsMatch(state.Stream)) return true;
            return false;
        }
    }
}
