using System.Text.Json;

namespace CogniteRecords.Core.Filters
{
    /// <summary><c>matchAll</c>: every record.</summary>
    public sealed class MatchAllFilter : FilterNode
    {
        internal MatchAllFilter() { }

        /// <inheritdoc />
        public override string Operator => "matchAll";

        /// <inheritdoc />
        protected override void WriteBody(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
    }
}
