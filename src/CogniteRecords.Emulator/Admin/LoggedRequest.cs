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
}
