using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;

namespace CogniteRecords.Emulator.Storage
{
    /// <summary>Everything the emulator holds: the projects, and the key that signs cursors.</summary>
    public sealed class EmulatorStore
    {
        private readonly ConcurrentDictionary<string, ProjectState> _projects = new(StringComparer.Ordinal);

        public EmulatorStore(byte[]? cursorKey = null, StorePolicy? policy = null)
        {
            CursorKey = cursorKey ?? RandomNumberGenerator.GetBytes(32);
            Policy = policy ?? new StorePolicy();
        }

        /// <summary>The clock and read rules, shared by every project and stream.</summary>
        public StorePolicy Policy { get; }

        /// <summary>The HMAC key of sync cursors: made at start, kept with --data-dir so cursors survive a restart.</summary>
        public byte[] CursorKey { get; internal set; }

        /// <summary>The project, created on first use.</summary>
        public ProjectState Project(string name) => _projects.GetOrAdd(name, n => new ProjectState(n, Policy));

        public IReadOnlyCollection<ProjectState> Projects => _projects.Values.ToList();

        /// <summary>Drops all data (the cursor key stays).</summary>
        public void Reset()
        {
            foreach (var p in _projects.Values) p.Clear();
        }
    }
}
