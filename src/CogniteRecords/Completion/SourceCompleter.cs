using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using CogniteRecords.Filters;

namespace CogniteRecords.Completion
{
    /// <summary>
    /// Completes -Source from the project's containers: 'space/container' first, and once a container is typed out
    /// with its trailing '/', that container's 'space/container/property' paths.
    /// </summary>
    public sealed class SourceCompleter : IArgumentCompleter
    {
        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = (wordToComplete ?? "").Trim('\'', '"');
            var candidates = new List<(string, string)>();
            foreach (var c in ContainerCompletionSource.Containers(fakeBoundParameters))
            {
                string id = c.Space + "/" + c.ExternalId;
                candidates.Add((id, $"{id}: every property ({c.Properties.Count})"));
                if (!word.StartsWith(id + "/", StringComparison.OrdinalIgnoreCase)) continue;
                foreach (var p in c.Properties) candidates.Add(($"{id}/{p.Key}", $"{id}/{p.Key}: {p.Value}"));
            }
            return ContainerCompletionSource.Results(candidates, wordToComplete ?? "");
        }
    }
}
