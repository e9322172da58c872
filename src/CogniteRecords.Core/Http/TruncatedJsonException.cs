namespace CogniteRecords.Core.Http
{
    /// <summary>A JSON body that ended before its end (the connection was cut): the reader's way to say "cut", not "invalid".</summary>
    public sealed class TruncatedJsonException : System.Text.Json.JsonException
    {
        public TruncatedJsonException(string message) : base(message) { }
    }
}
