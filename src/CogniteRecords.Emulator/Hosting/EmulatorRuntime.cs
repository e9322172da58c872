using System;
using System.Threading;
using CogniteRecords.Emulator.Admin;
using CogniteRecords.Emulator.Identity;
using CogniteRecords.Emulator.Storage;

namespace CogniteRecords.Emulator.Hosting
{
    /// <summary>Everything a running emulator shares between its endpoints and middleware.</summary>
    public sealed class EmulatorRuntime : IDisposable
    {
        private long _changes;

        public EmulatorRuntime(EmulatorOptions options)
        {
            Options = options;
            Store = new EmulatorStore(policy: new StorePolicy(Clock, options.Templates)
            {
                VisibilityDelay = options.VisibilityDelay,
                TombstoneRetention = options.TombstoneRetention,
                OldCursorsExpire = options.OldCursorsExpire,
                StreamQuotas = options.StreamQuotas,
                MaxSoftDeletedStreams = options.MaxSoftDeletedStreams,
            });
            Settings = new RuntimeSettings { PageBytes = options.PageBytes, CursorMaxAge = options.CursorMaxAge };
            var identityOptions = new IdentityOptions { TokenLifetime = options.TokenLifetime };
            foreach (var p in options.EffectiveProjects) identityOptions.Projects.Add(p);
            foreach (var t in options.Tokens) identityOptions.FixedTokens.Add(t);
            foreach (var c in options.Clients) identityOptions.Clients.Add(RegisteredClient.Parse(c));
            foreach (var u in options.ClusterUrls) identityOptions.ClusterUrls.Add(u);
            Identity = new EmulatorIdentity(identityOptions) { Clock = Clock.GetUtcNow };
            foreach (var p in options.EffectiveProjects) Store.Project(p);
            Throttle = new Throttling.Throttle(options.Throttle, options.ThrottleScale, options.ThrottleTime);
        }

        public EmulatorOptions Options { get; }
        /// <summary>The one clock of everything time-based; an admin call moves it forward.</summary>
        public EmulatorClock Clock { get; } = new();
        public EmulatorStore Store { get; }
        public RuntimeSettings Settings { get; }
        public EmulatorIdentity Identity { get; }
        public FaultInjector Faults { get; } = new();
        /// <summary>Throttling mode (--throttle, or at run time): the reference's budgets, 429 when spent.</summary>
        public Throttling.Throttle Throttle { get; }
        public RequestLog Requests { get; } = new();

        /// <summary>Counts changes, so the periodic snapshot only runs when there is something new.</summary>
        public void MarkDirty() => Interlocked.Increment(ref _changes);

        internal long Changes => Interlocked.Read(ref _changes);

        public void Dispose() => Identity.Dispose();
    }
}
