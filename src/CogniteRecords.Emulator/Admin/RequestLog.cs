using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace CogniteRecords.Emulator.Admin
{
    /// <summary>One API request as the emulator saw it. The Authorization header's presence is kept, never its value.</summary>
    public sealed class LoggedRequest
    {
        public long Id { get; init; }
        public long Time { get; init; }
        public string Method { get; init; } = "";
        public string Path { get; init; } = "";
        public string Query { get; init; } = "";
        public string? Body { get; init; }
        public bool BodyTruncated { get; init; }
        /// <summary>The body's full size (Content-Length), when the client sent one.</summary>
        public long? BodyBytes { get; init; }
        public bool HasAuthorization { get; init; }
        public int Status { get; set; }
        public string RequestId { get; init; } = "";
        public string? Fault { get; set; }

        internal void WriteTo(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteNumber("id", Id);
            w.WriteNumber("time", Time);
            w.WriteString("method", Method);
            w.WriteString("path", Path);
            w.WriteString("query", Query);
            if (Body != null) w.WriteString("body", Body); else w.WriteNull("body");
            if (BodyTruncated) w.WriteBoolean("bodyTruncated", true);
            if (BodyBytes is long bytes) w.WriteNumber("bodyBytes", bytes);
            w.WriteBoolean("hasAuthorization", HasAuthorization);
            w.WriteNumber("status", Status);
            w.WriteString("requestId", RequestId);
            if (Fault != null) w.WriteString("fault", Fault); else w.WriteNull("fault");
            w.WriteEndObject();
        }
    }

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
