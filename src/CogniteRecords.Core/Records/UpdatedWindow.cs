using CogniteRecords.Core.Streams;

namespace CogniteRecords.Core.Records
{
    /// <summary>A lastUpdatedTime window of one filter request, in epoch milliseconds: [From, To), either end open.</summary>
    public readonly struct UpdatedWindow
    {
        public UpdatedWindow(long? from, long? to) { From = from; To = to; }
        public long? From { get; }
        public long? To { get; }
        public override string ToString() =>
            (From is long f ? StreamsApi.Ms(f) : "the beginning") + " to " + (To is long t ? StreamsApi.Ms(t) : "now");
    }
}
