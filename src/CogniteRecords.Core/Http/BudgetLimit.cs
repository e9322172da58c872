using System;

namespace CogniteRecords.Core.Http
{
    /// <summary>One budget: requests started per second, and requests in flight at once.</summary>
    public sealed class BudgetLimit
    {
        public BudgetLimit(double requestsPerSecond, int concurrency)
        {
            if (!(requestsPerSecond > 0)) throw new ArgumentOutOfRangeException(nameof(requestsPerSecond), "Requests per second must be above 0.");
            if (concurrency < 1) throw new ArgumentOutOfRangeException(nameof(concurrency), "Concurrency must be at least 1.");
            RequestsPerSecond = requestsPerSecond;
            Concurrency = concurrency;
        }

        public double RequestsPerSecond { get; }
        public int Concurrency { get; }

        public override string ToString() => string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0:0.##}/s, {1} at once", RequestsPerSecond, Concurrency);
    }
}
