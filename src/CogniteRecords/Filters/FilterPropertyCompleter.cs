using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using CogniteRecords.Core.Filters;

namespace CogniteRecords.Filters
{
    /// <summary>
    /// Completes -Property: the top-level fields, 'space/container/prop' from the connected project's containers,
    /// and bare property names of -Container when it is given.
    /// </summary>
    public sealed class FilterPropertyCompleter : IArgumentCompleter
    {
        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var candidates = new List<(string, string)>();
            foreach (var field in PropertyReference.TopLevelFields) candidates.Add((field, field + " (top-level field)"));
            var containers = ContainerCompletionSource.Containers(fakeBoundParameters);
            string? container = fakeBoundParameters?["Container"] as string;
            foreach (var c in containers)
            {
                bool isGiven = string.Equals(container, c.Space + "/" + c.ExternalId, StringComparison.Ordinal);
                foreach (var p in c.Properties)
                {
                    if (isGiven) candidates.Add((p.Key, $"{p.Key}: {p.Value}"));
                    candidates.Add(($"{c.Space}/{c.ExternalId}/{p.Key}", $"{c.Space}/{c.ExternalId}/{p.Key}: {p.Value}"));
                }
            }
            return ContainerCompletionSource.Results(candidates, wordToComplete);
        }
    }
}
