namespace CogniteRecords.Core.Streams
{
    /// <summary>One limit of a stream: what is provisioned and, with statistics, what is consumed.</summary>
    public sealed class StreamLimit
    {
        public StreamLimit(double provisioned, double? consumed) { Provisioned = provisioned; Consumed = consumed; }
        public double Provisioned { get; }
        public double? Consumed { get; }
    }
}
