using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CogniteRecords.Emulator.Api;

namespace CogniteRecords.Emulator.Admin
{
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
