using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using CogniteRecords.Filters;
using CogniteRecords.Internal;

namespace CogniteRecords.Completion
{
    /// <summary>
    /// Completes -Stream on every cmdlet that takes it: the streams of the project (one list call through -Connection
    /// or the default connection, kept for a minute; nothing when there is no connection or the call fails), plus,
    /// for Get-CdfSyncState and Clear-CdfSyncState, the streams that have kept cursors in this session.
    /// </summary>
    public sealed class StreamCompleter : IArgumentCompleter
    {
        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var candidates = new Dictionary<string, string>(StringComparer.Ordinal);
            if (commandName != null && commandName.EndsWith("CdfSyncState", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    foreach (var state in SessionStore.For(Runspace.DefaultRunspace).States)
                        candidates[state.Stream] = $"{state.Stream} (kept cursor, project {state.Project})";
                }
                catch
                {
                    // Completion stays silent.
                }
            }
            foreach (var s in ContainerCompletionSource.Streams(fakeBoundParameters))
            {
                if (candidates.ContainsKey(s.ExternalId)) continue;
                var kind = string.Join(", ", new[] { s.Type, s.CreatedFromTemplate }.Where(t => !string.IsNullOrEmpty(t)));
                candidates[s.ExternalId] = kind.Length > 0 ? $"{s.ExternalId} ({kind})" : s.ExternalId;
            }
            return ContainerCompletionSource.Results(candidates.Select(c => (c.Key, c.Value)), wordToComplete);
        }
    }
}
