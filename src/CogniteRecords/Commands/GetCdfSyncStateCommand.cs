using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Shows the sync cursors kept in this session.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CdfSyncState")]
    [OutputType(typeof(SyncState))]
    public sealed class GetCdfSyncStateCommand : PSCmdlet
    {
        /// <summary>Only these streams (wildcards allowed).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Stream { get; set; }

        /// <summary>Only the cursors of this project (wildcards allowed).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Project { get; set; }

        protected override void EndProcessing()
        {
            foreach (var state in SessionStore.For(Runspace.DefaultRunspace).States)
            {
                if (StateFilter.Matches(state, Stream, Project)) WriteObject(state);
            }
        }
    }

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
