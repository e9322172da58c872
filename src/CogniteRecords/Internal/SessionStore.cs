using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Internal
{
    /// <summary>
    /// What the module keeps per runspace: the default connection and the kept sync cursors. Held in a weak table
    /// keyed by the runspace, so that closed runspaces (e.g. ForEach-Object -Parallel's) take their state with them.
    /// </summary>
    internal sealed class SessionStore : ISyncCursorStore
    {
        private static readonly ConditionalWeakTable<Runspace, SessionStore> s_stores = new ConditionalWeakTable<Runspace, SessionStore>();
        private static readonly SessionStore s_noRunspace = new SessionStore();

        private readonly object _gate = new object();
        private readonly Dictionary<string, SyncState> _states = new Dictionary<string, SyncState>(StringComparer.Ordinal);
        private CdfConnection? _connection;

        public static SessionStore For(Runspace? runspace) => runspace == null ? s_noRunspace : s_stores.GetValue(runspace, _ => new SessionStore());

        public CdfConnection? DefaultConnection
        {
            get { lock (_gate) return _connection; }
            set { lock (_gate) _connection = value; }
        }

        public SyncState? GetState(string key)
        {
            lock (_gate) return _states.TryGetValue(key, out var s) ? s : null;
        }

        public SyncState GetOrAddState(string key, Func<SyncState> create)
        {
            lock (_gate)
            {
                if (!_states.TryGetValue(key, out var s)) _states[key] = s = create();
                return s;
            }
        }

        /// <inheritdoc />
        public string? KeptCursor(SyncKey key) => GetState(key.Text)?.Cursor;

        /// <inheritdoc />
        public DateTimeOffset? KeptCursorUsedAt(SyncKey key) => GetState(key.Text)?.CursorUsedAt;

        /// <inheritdoc />
        public void Keep(SyncKey key, SyncPage page, DateTimeOffset committedAt)
        {
            var state = GetOrAddState(key.Text, () => new SyncState(key.Text, key.Project, key.BaseUrl, key.Stream, key.Sources, key.Filter));
            lock (_gate)
            {
                state.Cursor = page.NextCursor;
                state.CaughtUp = !page.HasNext;
                state.RecordsRead += page.Items.Count;
                state.PagesRead++;
                state.LastSyncTime = committedAt;
                state.CursorUsedAt = page.ServerTime ?? committedAt;
            }
        }

        public IReadOnlyList<SyncState> States
        {
            get { lock (_gate) return _states.Values.OrderBy(s => s.Project).ThenBy(s => s.Stream).ToList(); }
        }

        public bool Remove(SyncState state)
        {
            lock (_gate) return _states.Remove(state.Key);
        }
    }
}
