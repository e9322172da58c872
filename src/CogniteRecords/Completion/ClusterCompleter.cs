using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using CogniteRecords.Filters;

namespace CogniteRecords.Completion
{
    /// <summary>
    /// Completes Connect-CdfProject -Cluster: Cognite's public multi-tenant clusters, plus the cluster of $env:CDF_CLUSTER
    /// when it is set. A dedicated cluster's name is typed as it is; any valid name is accepted.
    /// </summary>
    public sealed class ClusterCompleter : IArgumentCompleter
    {
        /// <summary>The clusters offered (the first part of https://CLUSTER.cognitedata.com).</summary>
        internal static readonly IReadOnlyList<string> KnownClusters = new[]
        {
            "api", "westeurope-1", "az-eastus-1", "asia-northeast1-1", "az-power-no-northeurope", "aws-dub-dev", "greenfield", "bluefield",
        };

        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var names = new List<string>(KnownClusters);
            var fromEnvironment = Environment.GetEnvironmentVariable("CDF_CLUSTER");
            if (!string.IsNullOrWhiteSpace(fromEnvironment) && !names.Contains(fromEnvironment!.Trim(), StringComparer.OrdinalIgnoreCase))
                names.Add(fromEnvironment.Trim());
            return ContainerCompletionSource.Results(names.Select(n => (n, $"https://{n}.cognitedata.com")), wordToComplete ?? "");
        }
    }
}
