using System.Collections.Generic;

namespace CogniteRecords.Core.Records
{
    /// <summary>One container of a sync's sources and the properties wanted from it ("*" for every one).</summary>
    public sealed class SourceSelection
    {
        public SourceSelection(string space, string container, IReadOnlyList<string> properties)
        {
            Space = space; Container = container; Properties = properties;
        }

        public string Space { get; }
        public string Container { get; }

        /// <summary>The property ids, in the order given, without repeats; exactly ["*"] for every property.</summary>
        public IReadOnlyList<string> Properties { get; }

        public bool AllProperties => Properties.Count == 1 && Properties[0] == "*";

        public override string ToString() => Space + "/" + Container + (AllProperties ? "" : "/" + string.Join(",", Properties));
    }
}
