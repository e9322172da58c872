using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using CogniteRecords.Core.Filters;
using CogniteRecords.Filters;

namespace CogniteRecords.Completion
{
    /// <summary>
    /// Completes -Sort: the top-level fields and the 'space/container/property' paths (of the containers named by
    /// -Source when the command line gives them as text, else of every container of the project); after a ':', the
    /// two directions ':asc' and ':desc'.
    /// </summary>
    public sealed class SortCompleter : IArgumentCompleter
    {
        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = (wordToComplete ?? "").Trim('\'', '"');
            int colon = word.LastIndexOf(':');
            if (colon >= 0)
            {
                string key = word.Substring(0, colon);
                return ContainerCompletionSource.Results(new[] { (key + ":asc", key + " ascending"), (key + ":desc", key + " descending") }, wordToComplete ?? "");
            }
            var sources = SourcesOf(fakeBoundParameters);
            var candidates = new List<(string, string)>();
            foreach (var field in PropertyReference.TopLevelFields) candidates.Add((field, field + " (top-level field)"));
            foreach (var c in ContainerCompletionSource.Containers(fakeBoundParameters))
            {
                string id = c.Space + "/" + c.ExternalId;
                if (sources.Count > 0 && !sources.Contains(id)) continue;
                foreach (var p in c.Properties) candidates.Add(($"{id}/{p.Key}", $"{id}/{p.Key}: {p.Value}"));
            }
            return ContainerCompletionSource.Results(candidates, wordToComplete ?? "");
        }

        /// <summary>The 'space/container' parts of -Source entries written as text on the command line.</summary>
        private static HashSet<string> SourcesOf(IDictionary? fakeBoundParameters)
        {
            var result = new HashSet<string>(StringComparer.Ordinal);
            object? given = null;
            try { given = fakeBoundParameters?["Source"]; } catch { }
            IEnumerable<object?> items = given is object[] array ? array : given is string one ? new object?[] { one } : Array.Empty<object?>();
            foreach (var item in items)
            {
                var text = (item is PSObject pso ? pso.BaseObject : item) as string;
                if (text == null) continue;
                var parts = text.Split('/');
                if (parts.Length >= 2) result.Add(parts[0] + "/" + parts[1]);
            }
            return result;
        }
    }
}
