using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>An answer from the emulator: status, body, parsed JSON and headers.</summary>
    public sealed class Reply
    {
        public required HttpStatusCode Status { get; init; }
        public required string Body { get; init; }
        public required HttpResponseMessage Response { get; init; }
        public int Code => (int)Status;
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
        public string? Header(string name) =>
            Response.Headers.TryGetValues(name, out var v) ? v.First() :
            Response.Content.Headers.TryGetValues(name, out var c) ? c.First() : null;
        public string ErrorMessage => Json.GetProperty("error").GetProperty("message").GetString()!;

        public override string ToString() => $"{Code} {Body}";
    }
}
