namespace CogniteRecords.Core.Streams
{
    /// <summary>What <see cref="StreamCreation.CreateAsync"/> made.</summary>
    public sealed class StreamCreateResult
    {
        public StreamCreateResult(StreamInfo stream, bool recovered)
        {
            Stream = stream;
            Recovered = recovered;
        }

        /// <summary>The stream as created (or as read back).</summary>
        public StreamInfo Stream { get; }

        /// <summary>The create's answer was lost and the stream was read back: an earlier attempt of this call made it.</summary>
        public bool Recovered { get; }
    }
}
