using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Hosting;
using CogniteRecords.Emulator.Identity;
using CogniteRecords.Emulator.Storage;
using Microsoft.AspNetCore.Http;

namespace CogniteRecords.Emulator.Throttling
{
    /// <summary>
    /// Throttling mode: the reference's budgets per project and per identity (requests per second, concurrent
    /// requests, query response megabytes per second). Off by default; when a request would exceed a budget it is
    /// refused with 429 in CDF's error shape, naming the budget. Sync counts as a query on its stream's type;
    /// an aggregate counts against the aggregate budget and the query budget.
    /// </summary>
    public sealed class Throttle
    {
        private const double Unlimited = 1e12;

        private static readonly Dictionary<BudgetClass, BudgetLimits> Limits = new()
        {
            [BudgetClass.Ingest] = new("records ingest", 40, 30, 20, 15),
            [BudgetClass.QueryMutable] = new("records query (mutable streams)", 40, 30, 30, 22),
            [BudgetClass.QueryImmutable] = new("records query (immutable streams)", 10, 7, 10, 7),
            [BudgetClass.AggregateMutable] = new("records aggregate (mutable streams)", 15, 12, 10, 7),
            [BudgetClass.AggregateImmutable] = new("records aggregate (immutable streams)", 5, 4, 5, 4),
            [BudgetClass.QueryVolume] = new("query response volume", Unlimited, Unlimited, int.MaxValue, int.MaxValue, 4e6, 3e6),
            [BudgetClass.StreamWrite] = new("stream create/delete", 2, 1, 1, 1),
            [BudgetClass.StreamRead] = new("stream list/retrieve", 5, 3, 3, 2),
        };

        private readonly ConcurrentDictionary<(bool Identity, string Key, BudgetClass Class), Budget> _budgets = new();
        private readonly double _scale;
        private readonly TimeProvider _time;
        private volatile bool _enabled;

        /// <param name="enabled">Whether budgets are enforced from the start.</param>
        /// <param name="scale">Multiplies every rate (requests and bytes per second), e.g. 0.5 for half CDF's budgets.</param>
        /// <param name="time">Real time (a fake in tests); never the movable clock.</param>
        public Throttle(bool enabled, double scale = 1, TimeProvider? time = null)
        {
            if (!(scale > 0)) throw new ArgumentOutOfRangeException(nameof(scale), "The throttling scale must be positive.");
            _enabled = enabled;
            _scale = scale;
            _time = time ?? TimeProvider.System;
        }

        /// <summary>Whether budgets are enforced; switching it on starts every budget full.</summary>
        public bool Enabled
        {
            get => _enabled;
            set
            {
                if (value && !_enabled) _budgets.Clear();
                _enabled = value;
            }
        }

        /// <summary>The middleware (after auth): counts an API call against its budgets, or refuses it with 429.</summary>
        internal async Task Apply(HttpContext ctx, Func<Task> next, EmulatorStore store)
        {
            const string prefix = "/api/v1/projects/";
            var path = ctx.Request.Path.Value ?? "";
            int end = path.StartsWith(prefix, StringComparison.Ordinal) ? path.IndexOf('/', prefix.Length) : -1;
            if (!Enabled || end < 0) { await next(); return; }
            var project = Uri.UnescapeDataString(path[prefix.Length..end]);
            var classes = Classify(ctx.Request.Method, path[end..], id => !store.Project(project).TryGetStream(id, out var s) || s!.Mutable);
            if (classes.Length == 0) { await next(); return; }
            var identity = ctx.Items[Middleware.PrincipalKey] is TokenPrincipal p ? p.Subject : "anonymous";
            var lease = Enter(project, identity, classes);
            var original = ctx.Response.Body;
            var counter = new CountingStream(original);
            ctx.Response.Body = counter;
            try { await next(); }
            finally
            {
                ctx.Response.Body = original;
                lease.Exit(counter.Written);
            }
        }

        /// <summary>
        /// The budgets a call counts against, from its method and its path after /api/v1/projects/{project}; none
        /// for calls outside the table (spaces, containers, token inspection).
        /// </summary>
        internal static BudgetClass[] Classify(string method, string rest, Func<string, bool> streamIsMutable)
        {
            var parts = rest.Trim('/').Split('/');
            if (parts.Length == 0 || parts[0] != "streams") return Array.Empty<BudgetClass>();
            bool post = method == "POST";
            if (parts.Length == 1) return new[] { post ? BudgetClass.StreamWrite : BudgetClass.StreamRead };
            if (parts.Length == 2) return new[] { parts[1] == "delete" && post ? BudgetClass.StreamWrite : BudgetClass.StreamRead };
            if (parts[2] != "records" || !post) return Array.Empty<BudgetClass>();
            bool mutable = streamIsMutable(Uri.UnescapeDataString(parts[1]));
            var query = mutable ? BudgetClass.QueryMutable : BudgetClass.QueryImmutable;
            return parts.Length == 3 ? new[] { BudgetClass.Ingest } : parts[3] switch
            {
                "upsert" or "delete" => new[] { BudgetClass.Ingest },
                "sync" or "filter" => new[] { query, BudgetClass.QueryVolume },
                "aggregate" => new[] { mutable ? BudgetClass.AggregateMutable : BudgetClass.AggregateImmutable, query, BudgetClass.QueryVolume },
                _ => Array.Empty<BudgetClass>(),
            };
        }

        /// <summary>Takes the call's place in each budget of its project and identity; throws a 429 naming the first that is spent.</summary>
        internal Lease Enter(string project, string identity, BudgetClass[] classes)
        {
            var taken = new List<Budget>(classes.Length * 2);
            foreach (var c in classes)
            {
                var limits = Limits[c];
                foreach (var (isIdentity, key) in new[] { (false, project), (true, identity) })
                {
                    var budget = _budgets.GetOrAdd((isIdentity, key, c), _ => isIdentity
                        ? new Budget(limits.IdentityPerSecond * _scale, limits.IdentityConcurrent, limits.IdentityBytes * _scale, _time)
                        : new Budget(limits.ProjectPerSecond * _scale, limits.ProjectConcurrent, limits.ProjectBytes * _scale, _time));
                    var refused = budget.TryEnter();
                    if (refused != null)
                    {
                        foreach (var b in taken) b.Cancel();
                        throw new ApiException(429, $"Too many requests: the {limits.Name} budget of {(isIdentity ? "identity" : "project")} '{key}' allows {refused}. Slow down and retry with backoff.");
                    }
                    taken.Add(budget);
                }
            }
            return new Lease(taken);
        }

        /// <summary>A call's places in its budgets, given back (with its response size) when it ends.</summary>
        internal sealed class Lease
        {
            private readonly List<Budget> _budgets;

            public Lease(List<Budget> budgets) => _budgets = budgets;

            public void Exit(long responseBytes)
            {
                foreach (var b in _budgets) b.Exit(responseBytes);
            }
        }
    }
}
