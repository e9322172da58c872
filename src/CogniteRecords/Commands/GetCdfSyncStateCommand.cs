using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CogniteRecords.Core.Sync;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Shows the sync cursors kept in this session, or what a checkpoint file holds.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CdfSyncState", DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(SyncState))]
    public sealed class GetCdfSyncStateCommand : PSCmdlet
    {
        private const string SessionSet = "Session";
        private const string CheckpointSet = "Checkpoint";

        /// <summary>Only these streams (wildcards allowed).</summary>
        [Parameter(Position = 0, ParameterSetName = SessionSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CogniteRecords.Completion.StreamCompleter))]
        public string[]? Stream { get; set; }

        /// <summary>Only the cursors of this project (wildcards allowed).</summary>
        [Parameter(ParameterSetName = SessionSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Project { get; set; }

        /// <summary>Read these checkpoint files (written by Sync-CdfRecord -CheckpointPath) instead of the session.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CheckpointSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string[] CheckpointPath { get; set; } = null!;

        protected override void ProcessRecord()
        {
            if (ParameterSetName != CheckpointSet) return;
            foreach (var given in CheckpointPath)
            {
                var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(given);
                try
                {
                    var checkpoint = CheckpointFile.Read(path);
                    if (checkpoint == null)
                    {
                        WriteError(new ErrorRecord(new System.IO.FileNotFoundException($"There is no checkpoint file '{path}'.", path),
                            "CheckpointNotFound", ErrorCategory.ObjectNotFound, given));
                        continue;
                    }
                    WriteObject(ToState(checkpoint, path));
                }
                catch (CheckpointException e)
                {
                    WriteError(new ErrorRecord(new System.IO.InvalidDataException(e.Message, e), e.ErrorId,
                        e.ErrorId == "CheckpointUnreadable" ? ErrorCategory.ReadError : ErrorCategory.InvalidData, given));
                }
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == CheckpointSet) return;
            var found = new System.Collections.Generic.HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var state in SessionStore.For(Runspace.DefaultRunspace).States)
            {
                if (!StateFilter.Matches(state, Stream, Project)) continue;
                found.Add(state.Stream);
                WriteObject(state);
            }
            // As Get-Variable does: a name without wildcards that matches nothing is a non-terminating error (a pattern is not).
            foreach (var name in Stream ?? Array.Empty<string>())
            {
                if (WildcardPattern.ContainsWildcardCharacters(name) || found.Contains(name)) continue;
                var message = $"No sync cursor is kept in this session for stream '{name}'" + (Project != null ? $" of project '{Project}'" : "") + ".";
                WriteError(new ErrorRecord(new ItemNotFoundException(message), "SyncStateNotFound", ErrorCategory.ObjectNotFound, name)
                {
                    ErrorDetails = new ErrorDetails(message)
                    {
                        RecommendedAction = "Run Sync-CdfRecord with -InitializeCursor to start one, or Get-CdfSyncState with no -Stream to see the kept cursors; add -ErrorAction SilentlyContinue to only test whether one is kept.",
                    },
                });
            }
        }

        private static SyncState ToState(SyncCheckpoint checkpoint, string path)
        {
            var key = checkpoint.Key;
            // The same key text as a session state of that sync, so the two can be compared.
            var keyText = key.Project + "@" + key.BaseUrl + "|" + key.Stream + "|" + key.Sources + "|" + (key.Filter ?? "");
            return new SyncState(keyText, key.Project, key.BaseUrl, key.Stream, key.Sources, key.Filter)
            {
                Cursor = checkpoint.Cursor,
                CaughtUp = checkpoint.CaughtUp,
                RecordsRead = checkpoint.RecordsRead,
                PagesRead = checkpoint.PagesRead,
                LastSyncTime = checkpoint.WrittenAt == default ? (DateTimeOffset?)null : checkpoint.WrittenAt,
                CheckpointPath = path,
                ModuleVersion = checkpoint.ModuleVersion,
            };
        }
    }
}
