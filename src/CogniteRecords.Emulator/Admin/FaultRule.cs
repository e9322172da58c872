using System;
using System.Collections.Generic;
using System.Text.Json;

namespace CogniteRecords.Emulator.Admin
{
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
}
