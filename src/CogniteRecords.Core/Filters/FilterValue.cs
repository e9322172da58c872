using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CogniteRecords.Core.Filters
{
    /// <summary>One value in a filter, held as its canonical JSON.</summary>
    public sealed class FilterValue : IEquatable<FilterValue>
    {
        // Readable non-ASCII text in the canonical JSON; quotes and control characters are still escaped.
        internal static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

        internal FilterValue(FilterValueKind kind, string json, string? text = null)
        {
            Kind = kind;
            Json = json;
            Text = text;
        }

        /// <summary>The kind of value.</summary>
        public FilterValueKind Kind { get; }

        /// <summary>The canonical JSON text of the value.</summary>
        public string Json { get; }

        /// <summary>The string, for <see cref="FilterValueKind.String"/> values.</summary>
        public string? Text { get; }

        /// <summary>
        /// The value as filter data for <c>FilterParser.Parse</c> (a boxed JsonElement of the engine's own
        /// System.Text.Json). Typed <see cref="object"/> on purpose: the cmdlet assembly must not bind to
        /// System.Text.Json types, whose copy may differ between the engine's load context and its own.
        /// </summary>
        public object ToFilterData()
        {
            using (var document = JsonDocument.Parse(Json)) return document.RootElement.Clone();
        }

        internal void WriteTo(Utf8JsonWriter writer)
        {
            if (Kind == FilterValueKind.String) writer.WriteStringValue(Text);
            else writer.WriteRawValue(Json, skipInputValidation: true);
        }

        internal static FilterValue Build(FilterValueKind kind, Action<Utf8JsonWriter> write, string? text = null)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = Encoder }))
                {
                    write(writer);
                }
                return new FilterValue(kind, Encoding.UTF8.GetString(stream.ToArray()), text);
            }
        }

        internal static FilterValue String(string text) => Build(FilterValueKind.String, w => w.WriteStringValue(text), text);

        internal static FilterValue Number(long number) => Build(FilterValueKind.Number, w => w.WriteNumberValue(number));

        /// <inheritdoc />
        public bool Equals(FilterValue? other) => other != null && string.Equals(Json, other.Json, StringComparison.Ordinal);

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as FilterValue);

        /// <inheritdoc />
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Json);

        /// <summary>The canonical JSON text.</summary>
        public override string ToString() => Json;
    }
}
