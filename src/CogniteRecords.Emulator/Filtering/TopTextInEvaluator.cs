using System;
using System.Collections.Generic;

namespace CogniteRecords.Emulator.Filtering
{
    /// <summary>equals/in on space or externalId. Top-level filters match tombstones too.</summary>
    internal sealed class TopTextInEvaluator(TopLevelField field, string[] values) : FilterEvaluator
    {
        private readonly string? _single = values.Length == 1 ? values[0] : null;
        private readonly HashSet<string> _set = new(values, StringComparer.Ordinal);

        public override bool Matches(IFilterableRecord record)
        {
            string actual = field == TopLevelField.Space ? record.Space : record.ExternalId;
            return _single != null ? string.Equals(actual, _single, StringComparison.Ordinal) : _set.Contains(actual);
        }
    }
}
