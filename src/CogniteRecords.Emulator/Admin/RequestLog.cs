using System;
using System.Collections.Generic;
using System.Linq;

namespace CogniteRecords.Emulator.Admin
{
    /// <summary>The last requests to /api/ (at most 10,000 and 64 MB of bodies), read and cleared through /_emulator/requests.</summary>
    public sealed class RequestLog
    {
        public const int Capacity = 10_000;
        public const int MaxBody = 256 * 1024;
        /// <summary>Bodies kept in all; older entries go first so a bulk ingest cannot fill the memory.</summary>
        public const long MaxTotalBody = 64L * 1024 * 1024;
        private readonly object _gate = new();
        private long _bodyChars;
        private readonly LinkedList<LoggedRequest> _entries = new();
        private long _nextId;

        public long NextId() { lock (_gate) return ++_nextId; }

        public void Add(LoggedRequest r)
        {
            lock (_gate)
            {
                _entries.AddLast(r);
                _bodyChars += r.Body?.Length ?? 0;
                while (_entries.Count > Capacity || (_bodyChars > MaxTotalBody && _entries.Count > 1))
                {
                    _bodyChars -= _entries.First!.Value.Body?.Length ?? 0;
                    _entries.RemoveFirst();
                }
            }
        }

        public List<LoggedRequest> List(string? pathContains, string? method)
        {
            lock (_gate)
                return _entries.Where(e => (pathContains == null || e.Path.Contains(pathContains, StringComparison.Ordinal)) &&
                                           (method == null || string.Equals(e.Method, method, StringComparison.OrdinalIgnoreCase))).ToList();
        }

        public void Clear() { lock (_gate) { _entries.Clear(); _bodyChars = 0; } }
    }
}
