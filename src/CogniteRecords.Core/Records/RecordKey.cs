using System;

namespace CogniteRecords.Core.Records
{
    /// <summary>(space, externalId): how records are matched.</summary>
    public readonly struct RecordKey : IEquatable<RecordKey>
    {
        public RecordKey(string space, string externalId) { Space = space; ExternalId = externalId; }
        public string Space { get; }
        public string ExternalId { get; }
        public bool Equals(RecordKey other) => string.Equals(Space, other.Space, StringComparison.Ordinal) && string.Equals(ExternalId, other.ExternalId, StringComparison.Ordinal);
        public override bool Equals(object? obj) => obj is RecordKey k && Equals(k);
        public override int GetHashCode() => unchecked(StringComparer.Ordinal.GetHashCode(Space ?? "") * 397 ^ StringComparer.Ordinal.GetHashCode(ExternalId ?? ""));
        public override string ToString() => Space + "/" + ExternalId;
    }
}
