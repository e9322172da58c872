using System;

namespace CogniteRecords.Core.Http
{
    /// <summary>How a <see cref="CdfApiClient"/> reaches one project.</summary>
    public sealed class CdfClientOptions
    {
        /// <summary>e.g. https://westeurope-1.cognitedata.com (no path).</summary>
        public Uri BaseUrl { get; set; } = null!;

        /// <summary>The project's URL name.</summary>
        public string Project { get; set; } = null!;

        /// <summary>Sent as the User-Agent header, e.g. "CogniteRecords/0.1.0".</summary>
        public string UserAgent { get; set; } = "CogniteRecords";

        /// <summary>Retries after the first attempt, for transient statuses and dropped connections.</summary>
        public int MaxRetries { get; set; } = 8;

        /// <summary>The first retry's delay; later ones double (truncated at <see cref="MaxRetryDelay"/>), with jitter.</summary>
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

        /// <summary>The longest wait between two attempts (a longer Retry-After is cut to it).</summary>
        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>The bound on one call, all its attempts and waits included.</summary>
        public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>When a call's retries have gone on this long, the observer is told (a warning), once per call.</summary>
        public TimeSpan RetryWarningAfter { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>The bound on one attempt, body read included.</summary>
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>
        /// The largest successful response body read (after decompression). The API sends at most 10 MB a sync page; a
        /// body beyond this bound is refused as an invalid response without being read whole, so a broken or hostile
        /// server cannot make the module allocate without limit.
        /// </summary>
        public long MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

        /// <summary>The default <see cref="MaxResponseBytes"/>: 64 MiB.</summary>
        public const long DefaultMaxResponseBytes = 64L * 1024 * 1024;

        /// <summary>How much of an error body is read: enough for the API's message and its missing/duplicated items.</summary>
        public int MaxErrorBodyBytes { get; set; } = 256 * 1024;

        /// <summary>
        /// The request budgets to pace within (<see cref="RequestBudgets.PerIdentity"/>: CDF's per-identity figures), or null
        /// to send as fast as asked (429s are retried either way).
        /// </summary>
        public RequestBudgets? Budgets { get; set; }

        /// <summary>The Records API version this client speaks (the cdf-version header).</summary>
        public const string ApiVersion = "20230101";

        /// <summary>
        /// Whether a bearer token may go to this address: https always, plain http only to a loopback host
        /// (127.0.0.0/8, ::1, localhost) so that tokens never cross a network in the clear.
        /// </summary>
        public static bool IsSafeForBearer(Uri url)
        {
            if (url == null) throw new ArgumentNullException(nameof(url));
            if (string.Equals(url.Scheme, "https", StringComparison.OrdinalIgnoreCase)) return true;
            if (!string.Equals(url.Scheme, "http", StringComparison.OrdinalIgnoreCase)) return false;
            return IsLoopback(url);
        }

        /// <summary>127.0.0.0/8, ::1 or localhost.</summary>
        public static bool IsLoopback(Uri url)
        {
            var host = url.IdnHost.Trim('[', ']');
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
            return System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip);
        }
    }
}
