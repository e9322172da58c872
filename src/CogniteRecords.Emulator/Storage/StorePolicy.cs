using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace CogniteRecords.Emulator.Storage
{
    /// <summary>
    /// What every read of the store honours, shared by all projects and streams: the emulator's clock, and how long
    /// a write takes to become visible to sync, filter and aggregate (CDF's reads lag its writes; off by default).
    /// </summary>
    public sealed class StorePolicy
    {
        private long _visibilityDelayTicks;

        public StorePolicy(TimeProvider? clock = null, IEnumerable<StreamTemplate>? extraTemplates = null)
        {
            Clock = clock ?? TimeProvider.System;
            var templates = new Dictionary<string, StreamTemplate>(StreamTemplate.All, StringComparer.Ordinal);
            foreach (var t in extraTemplates ?? Enumerable.Empty<StreamTemplate>()) templates[t.Name] = t;
            Templates = templates;
        }

        /// <summary>The templates every project has: the reference's three and those the operator added.</summary>
        public IReadOnlyDictionary<string, StreamTemplate> Templates { get; }

        /// <summary>The template of that name; 400 naming the ones there are when there is none.</summary>
        public StreamTemplate Template(string name, string path) =>
            Templates.TryGetValue(name, out var t) ? t
                : throw new ApiException(400, $"'{path}' must be a template of this project ({string.Join(", ", Templates.Keys)}); it was '{name}'.");

        /// <summary>
        /// Whether projects enforce stream quotas: each template's active-stream limit, and at most
        /// <see cref="MaxSoftDeletedStreams"/> soft-deleted streams. Off by default (see the README).
        /// </summary>
        public bool StreamQuotas { get; set; }

        private long _tombstoneRetentionTicks = TimeSpan.FromDays(3).Ticks;

        /// <summary>How long a delete's tombstone is kept for sync (CDF promises at least 3 days; the default).</summary>
        public TimeSpan TombstoneRetention
        {
            get => TimeSpan.FromTicks(Interlocked.Read(ref _tombstoneRetentionTicks));
            set
            {
                if (value <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(value), "The tombstone retention must be positive.");
                Interlocked.Exchange(ref _tombstoneRetentionTicks, value.Ticks);
            }
        }

        /// <summary>
        /// What a sync cursor older than the tombstone retention gets: true (the default) a 400 "Cursor has expired";
        /// false, pages as usual, silently without the deletes whose tombstones were dropped (as CDF may do).
        /// </summary>
        public bool OldCursorsExpire { get; set; } = true;

        /// <summary>With quotas: how many soft-deleted streams a project may hold before a create is refused.</summary>
        public int MaxSoftDeletedStreams { get; set; } = 10;

        /// <summary>The emulator's clock (see <see cref="EmulatorClock"/>).</summary>
        public TimeProvider Clock { get; }

        /// <summary>Now in epoch milliseconds, by <see cref="Clock"/>.</summary>
        public long NowMs => Clock.GetUtcNow().ToUnixTimeMilliseconds();

        /// <summary>How long after a write its records (and deletes) become visible to reads; zero: at once.</summary>
        public TimeSpan VisibilityDelay
        {
            get => TimeSpan.FromTicks(Interlocked.Read(ref _visibilityDelayTicks));
            set
            {
                if (value < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(value), "The visibility delay must not be negative.");
                Interlocked.Exchange(ref _visibilityDelayTicks, value.Ticks);
            }
        }
    }
}
