using System.Threading;

namespace CogniteRecords.Core.Http
{
    /// <summary>Counts the retries of the pipeline (for a summary) and passes every message on to an inner observer, if any.</summary>
    public sealed class CountingObserver : IRequestObserver, IRetryWarning
    {
        private readonly IRequestObserver? _inner;
        private int _retries;

        /// <summary>Wraps <paramref name="inner"/>, which may be null.</summary>
        public CountingObserver(IRequestObserver? inner) => _inner = inner;

        /// <summary>The retries seen so far.</summary>
        public int Retries => Volatile.Read(ref _retries);

        /// <inheritdoc/>
        public void Debug(string message) => _inner?.Debug(message);

        /// <inheritdoc/>
        public void RetryingLong(string message) => (_inner as IRetryWarning)?.RetryingLong(message);

        /// <inheritdoc/>
        public void Retry(string message)
        {
            Interlocked.Increment(ref _retries);
            _inner?.Retry(message);
        }
    }
}
