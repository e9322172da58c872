using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Forgets sync cursors kept in this session.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Clear, "CdfSyncState", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "ByStream")]
    [OutputType(typeof(SyncState))]
    public sealed class ClearCdfSyncStateCommand : PSCmdlet
    {
        /// <summary>Only these streams (wildcards allowed); all when left out.</summary>
        [Parameter(Position = 0, ParameterSetName = "ByStream")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CogniteRecords.Completion.StreamCompleter))]
        public string[]? Stream { get; set; }

        /// <summary>Only the cursors of this project (wildcards allowed).</summary>
        [Parameter(ParameterSetName = "ByStream")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Project { get; set; }

        /// <summary>The states to forget, from Get-CdfSyncState.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "ByInputObject")]
        public SyncState[] InputObject { get; set; } = null!;

        /// <summary>Write the forgotten states.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private SessionStore Store => SessionStore.For(Runspace.DefaultRunspace);

        protected override void ProcessRecord()
        {
            if (ParameterSetName != "ByInputObject") return;
            foreach (var state in InputObject) Forget(state);
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == "ByInputObject") return;
            foreach (var state in Store.States)
            {
                if (StateFilter.Matches(state, Stream, Project)) Forget(state);
            }
        }

        private void Forget(SyncState state)
        {
            if (!ShouldProcess($"{state.Project}/{state.Stream} (sources '{state.Sources}', filter '{state.Filter}')", "Forget the kept sync cursor")) return;
            if (Store.Remove(state) && PassThru) WriteObject(state);
        }
    }
}
