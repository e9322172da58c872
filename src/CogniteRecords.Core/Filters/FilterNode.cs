using System;
using System.Text.Json;

namespace CogniteRecords.Core.Filters
{
    /// <summary>
    /// A validated records filter. Its JSON is canonical: two equal filters give the same text (the session
    /// cursor's key depends on it). STUB: owned by the filter work; replaced there.
    /// </summary>
    public abstract class FilterNode
    {
        /// <summary>Writes the filter in the API's JSON shape.</summary>
        public abstract void WriteTo(Utf8JsonWriter writer);

        /// <summary>The canonical JSON text.</summary>
        public abstract string ToJson();

        public override string ToString() => ToJson();
    }

    /// <summary>Turns user input into a validated <see cref="FilterNode"/>. STUB.</summary>
    public static class FilterParser
    {
        /// <summary>
        /// Accepts a <see cref="FilterNode"/>, a JSON string, a <see cref="JsonElement"/>, or plain .NET data
        /// (IDictionary with string keys, IEnumerable, string, numbers, booleans, DateTime/DateTimeOffset).
        /// Throws <see cref="FilterValidationException"/> naming the offending part.
        /// </summary>
        public static FilterNode Parse(object? value) => throw new NotImplementedException();
    }

    /// <summary>An invalid filter, found before any request.</summary>
    public sealed class FilterValidationException : Exception
    {
        public FilterValidationException(string message, string? path = null) : base(message) => FilterPath = path;

        /// <summary>Where in the filter the problem is, e.g. "and[1].range".</summary>
        public string? FilterPath { get; }
    }
}
