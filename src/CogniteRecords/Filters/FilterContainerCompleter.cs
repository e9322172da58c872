using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CogniteRecords.Filters
{
    /// <summary>Completes 'space/container' (-Container, -HasData) from the connected project's containers.</summary>
    public sealed class FilterContainerCompleter : IArgumentCompleter
    {
        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var containers = ContainerCompletionSource.Containers(fakeBoundParameters);
            return ContainerCompletionSource.Results(
                containers.Select(c => (c.Space + "/" + c.ExternalId, $"{c.Space}/{c.ExternalId} ({c.Properties.Count} properties)")), wordToComplete);
        }
    }
}
