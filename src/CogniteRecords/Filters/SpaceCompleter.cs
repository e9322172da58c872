using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CogniteRecords.Filters
{
    /// <summary>Completes space ids (-Space) from the connected project's spaces.</summary>
    public sealed class SpaceCompleter : IArgumentCompleter
    {
        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            ContainerCompletionSource.Results(
                ContainerCompletionSource.Spaces(fakeBoundParameters).Select(s => (s.Space, s.Name != null ? $"{s.Space} ({s.Name})" : s.Space)), wordToComplete);
    }
}
