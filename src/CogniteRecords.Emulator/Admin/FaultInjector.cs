using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CogniteRecords.Emulator.Api;

namespace CogniteRecords.Emulator.Admin
{
    /// <summary>What a fault does to one request.</summary>
    public sealed class FaultStep
    {
        /// <summary>status (an error answer), latency (delay only), drop (connection closed mid-body),
        /// truncate (a cut JSON body), none (a scripted pass).</summary>
        public string Kind { get; init; } = "status";
        public int Status { get; init; } = 503;
        /// <summary>Seconds for the Retry-After header; null sends none.</summary>
        public int? RetryAfter { get; init; }
        /// <summary>Delay before the fault (or, for latency, before the normal answer).</summary>
        public int LatencyMs { get; init; }

        internal static readonly string[] Kinds = { "status", "latency", "drop", "truncate", "none" };
        private static readonly int[] Statuses = { 400, 401, 403, 404, 408, 409, 410, 413, 422, 429, 500, 502, 503, 504 };

        internal static FaultStep Parse(JsonElement e, string path)
        {
            Json.RequireObject(e, path, "kind", "status", "retryAfter", "latencyMs");
            var kind = Json.OptionalString(e, "kind", path) ?? (Json.TryGet(e, "status", out _) ? "status" : "latency");
            if (Array.IndexOf(Kinds, kind) < 0) throw Json.Bad($"'{path}.kind' must be one of {string.Join(", ", Kinds)}; it was '{kind}'.");
            int status = Json.OptionalInt(e, "status", path, 100, 599) ?? 503;
            if (kind == "status" && Array.IndexOf(Statuses, status) < 0)
                throw Json.Bad($"'{path}.status' must be one of {string.Join(", ", Statuses)}; it was {status}.");
            int latency = Json.OptionalInt(e, "latencyMs", path, 0, 600_000) ?? 0;
            if (kind == "latency" && latency == 0) throw Json.Bad($"'{path}.latencyMs' must be set (> 0) for a latency fault.");
            return new FaultStep { Kind = kind, Status = status, RetryAfter = Json.OptionalInt(e, "retryAfter", path, 0, 3600), LatencyMs = latency };
        }

        internal void WriteTo(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteString("kind", Kind);
            if (Kind == "status") w.WriteNumber("status", Status);
            if (RetryAfter is int r) w.WriteNumber("retryAfter", r);
            if (LatencyMs > 0) w.WriteNumber("latencyMs", LatencyMs);
            w.WriteEndObject();
        }
    }

    /// <summary>A fault that fires at a rate (optionally a limited number of times), or a scripted sequence of steps.</summary>
    public sealed class FaultRule
    {
        public int Id { get; init; }
        /// <summary>Matches when the request path contains this; null: every /api/ path.</summary>
        public string? Path { get; init; }
        public string? Method { get; init; }
        public double Rate { get; init; } = 1.0;
        /// <summary>How many more times it may fire; null: unlimited.</summary>
        public int? Remaining { get; set; }
        public FaultStep? Step { get; init; }
        /// <summary>Scripted: one step per matching request, in order; the rule ends after the last.</summary>
        public List<FaultStep>? Sequence { get; init; }
        public int Next { get; set; }
        public int Fired { get; set; }

        internal bool Matches(string method, string path) =>
            (Path == null ? path.StartsWith("/api/", StringComparison.Ordinal) : path.Contains(Path, StringComparison.Ordinal)) &&
            (Method == null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase));

        internal void WriteTo(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteNumber("id", Id);
            if (Path != null) w.WriteString("path", Path);
            if (Method != null) w.WriteString("method", Method);
            w.WriteNumber("fired", Fired);
            if (Sequence != null)
            {
                w.WriteStartArray("sequence");
                foreach (var s in Sequence) s.WriteTo(w);
                w.WriteEndArray();
                w.WriteNumber("next", Next);
            }
            else
            {
                w.WriteNumber("rate", Rate);
                if (Remaining is int r) w.WriteNumber("remaining", r);
                w.WritePropertyName("fault");
                Step!.WriteTo(w);
            }
            w.WriteEndObject();
        }
    }

    /// <summary>
    /// The faults set through /_emulator/faults. Sequences are consulted first (each matching request takes the
    /// next step), then rate rules in the order they were added; the first that fires decides.
    /// </summary>
    public sealed class FaultInjector
    {
        private readonly object _gate = new();
        private readonly List<FaultRule> _rules = new();
        private Random _random = new();
        private int _nextId;

        /// <summary>Adds a rule from the admin body; returns it.</summary>
        public FaultRule Add(JsonElement body)
        {
            Json.RequireObject(body, "", "kind", "status", "retryAfter", "latencyMs", "rate", "count", "path", "method", "sequence", "seed");
            var path = Json.OptionalString(body, "path", "");
            var method = Json.OptionalString(body, "method", "");
            FaultRule rule;
            lock (_gate)
            {
                if (Json.TryGet(body, "seed", out var seed))
                {
                    if (!seed.TryGetInt32(out var s)) throw Json.Bad("'seed' must be an integer.");
                    _random = new Random(s);
                }
                if (Json.TryGet(body, "sequence", out var seq))
                {
                    foreach (var f in new[] { "kind", "status", "retryAfter", "latencyMs", "rate", "count" })
                        if (body.TryGetProperty(f, out _)) throw Json.Bad($"'{f}' cannot be combined with 'sequence': give each step its own.");
                    Json.CheckArray(seq, "sequence", 1, 10_000);
                    var steps = Json.Items(seq, "sequence").Select(x => FaultStep.Parse(x.Item, x.Path)).ToList();
                    rule = new FaultRule { Id = ++_nextId, Path = path, Method = method, Sequence = steps };
                }
                else
                {
                    double rate = 1.0;
                    if (Json.TryGet(body, "rate", out var r))
                    {
                        if (r.ValueKind != JsonValueKind.Number || r.GetDouble() is < 0 or > 1) throw Json.Bad("'rate' must be a number between 0 and 1.");
                        rate = r.GetDouble();
                    }
                    var step = FaultStep.Parse(StripRuleFields(body), "");
                    rule = new FaultRule
                    {
                        Id = ++_nextId, Path = path, Method = method, Rate = rate,
                        Remaining = Json.OptionalInt(body, "count", "", 1, int.MaxValue), Step = step,
                    };
                }
                _rules.Add(rule);
            }
            return rule;
        }

        private static JsonElement StripRuleFields(JsonElement body)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                foreach (var p in body.EnumerateObject())
                    if (p.Name is "kind" or "status" or "retryAfter" or "latencyMs") p.WriteTo(w);
                w.WriteEndObject();
            }
            return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
        }

        /// <summary>The fault for this request, if any (consumes a sequence step or a count).</summary>
        public FaultStep? Pick(string method, string path)
        {
            lock (_gate)
            {
                if (_rules.Count == 0) return null;
                foreach (var rule in _rules)
                {
                    if (rule.Sequence == null || !rule.Matches(method, path)) continue;
                    var step = rule.Sequence[rule.Next++];
                    rule.Fired++;
                    if (rule.Next >= rule.Sequence.Count) _rules.Remove(rule);
                    return step.Kind == "none" ? null : step;
                }
                foreach (var rule in _rules)
                {
                    if (rule.Sequence != null || !rule.Matches(method, path)) continue;
                    if (rule.Rate < 1.0 && _random.NextDouble() >= rule.Rate) continue;
                    rule.Fired++;
                    if (rule.Remaining is int n)
                    {
                        rule.Remaining = n - 1;
                        if (n - 1 <= 0) _rules.Remove(rule);
                    }
                    return rule.Step!.Kind == "none" ? null : rule.Step;
                }
                return null;
            }
        }

        public List<FaultRule> List() { lock (_gate) return _rules.ToList(); }

        public void Clear() { lock (_gate) _rules.Clear(); }

        public bool Remove(int id) { lock (_gate) return _rules.RemoveAll(r => r.Id == id) > 0; }
    }
}
