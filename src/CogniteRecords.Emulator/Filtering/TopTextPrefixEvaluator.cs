using System;

namespace CogniteRecords.Emulator.Filtering
{
    internal sealed class TopTextPrefixEvaluator(TopLevelField field, string prefix) : FilterEvaluator
    {
        public override bool Matches(IFilterableRecord record)
        {
            string actual = field == TopLevelField.Space ? record.Space : record.ExternalId;
            return actual.StartsWith(prefix, StringComparison.Ordinal);
        }
    }
}
