using System.Text.Json;

namespace CogniteRecords.Core.Filters
{
    /// <summary>A container reference, <c>{"type": "container", "space": ..., "externalId": ...}</c>.</summary>
    public sealed class ContainerReference
    {
        internal ContainerReference(string space, string externalId)
        {
            Space = space;
            ExternalId = externalId;
        }

        /// <summary>The container's space.</summary>
        public string Space { get; }

        /// <summary>The container's external id.</summary>
        public string ExternalId { get; }

        internal void WriteTo(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "container");
            writer.WriteString("space", Space);
            writer.WriteString("externalId", ExternalId);
            writer.WriteEndObject();
        }

        /// <summary><c>space/container</c>.</summary>
        public override string ToString() => Space + "/" + ExternalId;
    }
}
