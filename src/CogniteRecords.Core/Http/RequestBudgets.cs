using System;
using System.Collections.Generic;
using System.Net.Http;

namespace CogniteRecords.Core.Http
{
    /// <summary>
    /// The budgets one client paces itself within, per <see cref="BudgetClass"/>. CDF counts them per identity (and per
    /// project); one connection is one identity, so the client's one HTTP pipeline is where they are kept.
    /// </summary>
    public sealed class RequestBudgets
    {
        private readonly Dictionary<BudgetClass, BudgetLimit> _limits;

        public RequestBudgets(IDictionary<BudgetClass, BudgetLimit> limits, double share = 1.0, double? queryResponseBytesPerSecond = null)
        {
            if (limits == null) throw new ArgumentNullException(nameof(limits));
            if (queryResponseBytesPerSecond is double v && !(v > 0)) throw new ArgumentOutOfRangeException(nameof(queryResponseBytesPerSecond), "The response volume must be above 0.");
            _limits = new Dictionary<BudgetClass, BudgetLimit>(limits);
            _limits.Remove(BudgetClass.None);
            Share = share;
            QueryResponseBytesPerSecond = queryResponseBytesPerSecond;
        }

        /// <summary>
        /// The query response volume budget (bytes of sync, filter and aggregate answers per second, both query classes
        /// together), or null when it is not paced.
        /// </summary>
        public double? QueryResponseBytesPerSecond { get; }

        /// <summary>The share of the documented budgets these limits are (1: all of it).</summary>
        public double Share { get; }

        /// <summary>The limit of one class, or null when the class is not paced.</summary>
        public BudgetLimit? this[BudgetClass budget] => _limits.TryGetValue(budget, out var l) ? l : null;

        public IEnumerable<KeyValuePair<BudgetClass, BudgetLimit>> Limits => _limits;

        /// <summary>
        /// The documented per-identity budgets, or <paramref name="share"/> of each (0 &lt; share ≤ 1), e.g. 0.5 when two
        /// connections of one identity work at the same time. Concurrency is rounded down but stays at least 1.
        /// </summary>
        public static RequestBudgets PerIdentity(double share = 1.0)
        {
            if (!(share > 0 && share <= 1)) throw new ArgumentOutOfRangeException(nameof(share), "The budget share must be above 0 and at most 1.");
            BudgetLimit Part(double perSecond, int concurrency) =>
                new BudgetLimit(perSecond * share, Math.Max(1, (int)Math.Floor(concurrency * share + 1e-9)));
            return new RequestBudgets(new Dictionary<BudgetClass, BudgetLimit>
            {
                [BudgetClass.RecordsIngest] = Part(30, 15),
                [BudgetClass.RecordsQueryMutable] = Part(30, 22),
                [BudgetClass.RecordsQueryImmutable] = Part(7, 7),
                [BudgetClass.StreamCreateDelete] = Part(1, 1),
                [BudgetClass.StreamListRetrieve] = Part(3, 2),
            }, share, 3e6 * share);
        }

        /// <summary>
        /// The class of a call to <paramref name="url"/> under <paramref name="projectUrl"/>, with the stream id for record
        /// queries (whose class depends on the stream's type: the caller resolves <see cref="BudgetClass.RecordsQueryMutable"/>
        /// or <see cref="BudgetClass.RecordsQueryImmutable"/>).
        /// </summary>
        public static (BudgetClass Budget, string? QueryStream) Classify(HttpMethod method, Uri projectUrl, Uri url)
        {
            var root = projectUrl.AbsolutePath;
            var path = url.AbsolutePath;
            if (!path.StartsWith(root, StringComparison.Ordinal)) return (BudgetClass.None, null);
            var parts = path.Substring(root.Length).Trim('/').Split('/');
            if (parts.Length == 0 || parts[0] != "streams") return (BudgetClass.None, null);
            var post = method == HttpMethod.Post;
            if (parts.Length == 1) return (post ? BudgetClass.StreamCreateDelete : BudgetClass.StreamListRetrieve, null);
            if (parts.Length == 2)
            {
                if (post && parts[1] == "delete") return (BudgetClass.StreamCreateDelete, null);
                return (method == HttpMethod.Get ? BudgetClass.StreamListRetrieve : BudgetClass.None, null);
            }
            if (parts[2] != "records" || !post) return (BudgetClass.None, null);
            if (parts.Length == 3) return (BudgetClass.RecordsIngest, null);
            switch (parts[3])
            {
                case "upsert":
                case "delete":
                    return (BudgetClass.RecordsIngest, null);
                case "sync":
                case "filter":
                case "aggregate":
                    return (BudgetClass.RecordsQueryImmutable, Uri.UnescapeDataString(parts[1]));
                default:
                    return (BudgetClass.None, null);
            }
        }
    }
}
