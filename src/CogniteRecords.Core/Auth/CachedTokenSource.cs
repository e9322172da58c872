using System;
using System.Threading;
using System.Threading.Tasks;

namespace CogniteRecords.Core.Auth
{
    /// <summary>
    /// Keeps the current token and asks for a new one only when it is within <see cref="RefreshLeeway"/> of expiry,
    /// or when forced (after a 401). One refresh at a time: callers that wait while another refreshes take its token,
    /// so a connection shared by many parallel syncs refreshes once, not once per sync.
    /// </summary>
    public abstract class CachedTokenSource : ITokenSource
    {
        /// <summary>The SDKs' default: refresh when fewer than 30 seconds remain.</summary>
        public static readonly TimeSpan RefreshLeeway = TimeSpan.FromSeconds(30);

        /// <summary>
        /// A forced refresh through <see cref="GetTokenAsync"/> (which does not say which token the API refused) is not repeated
        /// within this time: callers whose 401 arrives just after another caller's forced refresh take that fresh token instead
        /// of forcing again. <see cref="GetTokenAfterRejectionAsync"/> knows the refused token and needs no window.
        /// </summary>
        public static readonly TimeSpan ForcedRefreshWindow = TimeSpan.FromSeconds(5);

        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private AccessToken? _current;
        private DateTimeOffset _forcedAt = DateTimeOffset.MinValue;
        private int _acquireCount;

        public abstract string Flow { get; }

        public virtual bool CanRefresh => true;

        /// <summary>How many times a token was acquired from the underlying flow (for diagnostics and tests).</summary>
        public int AcquireCount => Volatile.Read(ref _acquireCount);

        /// <summary>When the token last obtained expires (null before the first token, or when its expiry is unknown).</summary>
        public DateTimeOffset? CurrentExpiresOn => Volatile.Read(ref _current)?.ExpiresOn;

        /// <summary>The clock, replaceable in tests.</summary>
        protected internal Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

        /// <summary>Gets a new token from the underlying flow.</summary>
        protected abstract Task<AccessToken> AcquireAsync(bool forceRefresh, CancellationToken cancellationToken);

        public async Task<AccessToken> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            var seen = Volatile.Read(ref _current);
            if (!forceRefresh && IsFresh(seen)) return seen!;
            return await RefreshAsync(seen, forceRefresh, forceRefresh, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// After the API refused <paramref name="rejected"/> (a 401): a new token, forced past any cache, unless another caller
        /// has already replaced it, in which case that newer token. Many callers rejected at once refresh once.
        /// </summary>
        public Task<AccessToken> GetTokenAfterRejectionAsync(AccessToken rejected, CancellationToken cancellationToken) =>
            RefreshAsync(rejected ?? throw new ArgumentNullException(nameof(rejected)), true, false, cancellationToken);

        private async Task<AccessToken> RefreshAsync(AccessToken? seen, bool forceRefresh, bool withinWindow, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var current = _current;
                // Another caller refreshed while this one waited: take its token rather than refresh again.
                if (current != null && !ReferenceEquals(current, seen) && IsFresh(current)) return current;
                if (!forceRefresh && IsFresh(current)) return current!;
                if (withinWindow && IsFresh(current) && Clock() - _forcedAt < ForcedRefreshWindow) return current!;

                var token = await AcquireAsync(forceRefresh, cancellationToken).ConfigureAwait(false);
                if (forceRefresh) _forcedAt = Clock();
                Interlocked.Increment(ref _acquireCount);
                Volatile.Write(ref _current, token);
                return token;
            }
            finally
            {
                _gate.Release();
            }
        }

        private bool IsFresh(AccessToken? token) =>
            token != null && (token.ExpiresOn == null || token.ExpiresOn.Value - Clock() > RefreshLeeway);
    }
}
