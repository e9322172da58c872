using System;
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
}
