using System;
using System.Collections.Generic;

namespace CogniteRecords.Core.Sync
{
    /// <summary>
    /// What a sync's cursor belongs to: a cursor is only valid for the same project, service, stream, sources and
    /// filter, so a checkpoint written for one key is never used for another.
    /// </summary>
    public sealed class SyncKey
    {
        public SyncKey(string project, string baseUrl, string stream, string sources, string? filter)
        {
            Project = project; BaseUrl = baseUrl; Stream = stream; Sources = sources; Filter = filter;
        }

        /// <summary>The CDF project.</summary>
        public string Project { get; }

        /// <summary>The service's base URL, without a trailing slash (e.g. https://westeurope-1.cognitedata.com).</summary>
        public string BaseUrl { get; }

        /// <summary>The stream id.</summary>
        public string Stream { get; }

        /// <summary>The sources in canonical form (<see cref="SourceParser.Canonical"/>); empty for none.</summary>
        public string Sources { get; }

        /// <summary>The filter's canonical compact JSON, or null for none.</summary>
        public string? Filter { get; }

        /// <summary>The key as one text (project@baseUrl|stream|sources|filter): the key of the session's kept cursor.</summary>
        public string Text => Project + "@" + BaseUrl + "|" + Stream + "|" + Sources + "|" + (Filter ?? "");

        /// <summary>The parts in which <paramref name="other"/> differs, each as "name 'this' (other: 'that')".</summary>
        public IReadOnlyList<string> Differences(SyncKey other, string otherName)
        {
            var list = new List<string>();
            void Compare(string name, string? mine, string? theirs)
            {
                if (!string.Equals(mine ?? "", theirs ?? "", StringComparison.Ordinal))
                    list.Add($"{name} {Show(mine)} ({otherName}: {Show(theirs)})");
            }
            Compare("project", Project, other.Project);
            Compare("base URL", BaseUrl, other.BaseUrl);
            Compare("stream", Stream, other.Stream);
            Compare("sources", Sources, other.Sources);
            Compare("filter", Filter, other.Filter);
            return list;
        }

        private static string Show(string? value) => string.IsNullOrEmpty(value) ? "none" : "'" + value + "'";
    }
}
