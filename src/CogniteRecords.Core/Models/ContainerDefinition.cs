using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Json;

namespace CogniteRecords.Core.Models
{
    /// <summary>A container property's type: the base type name ("text", "int64", ...) and whether it is a list.</summary>
    public sealed class PropertyType
    {
        public PropertyType(string type, bool list) { Type = type; List = list; }
        public string Type { get; }
        public bool List { get; }
        public override string ToString() => List ? Type + "[]" : Type;
    }

    /// <summary>A Data Modeling container as far as records need it: its id and its properties in order.</summary>
    public sealed class ContainerDefinition
    {
        public ContainerDefinition(string space, string externalId, IReadOnlyList<KeyValuePair<string, PropertyType>> properties)
        {
            Space = space; ExternalId = externalId; Properties = properties;
        }

        public string Space { get; }
        public string ExternalId { get; }

        /// <summary>Property id → type, in the order the API lists them.</summary>
        public IReadOnlyList<KeyValuePair<string, PropertyType>> Properties { get; }
    }

    /// <summary>The containers calls the sync depends on.</summary>
    public static class ContainersApi
    {
        /// <summary>POST /models/containers/byids: the containers that exist; unknown ids are left out.</summary>
        public static Task<IReadOnlyList<ContainerDefinition>> RetrieveAsync(CdfApiClient client, IReadOnlyList<(string Space, string ExternalId)> ids,
            IRequestObserver? observer, CancellationToken cancellationToken)
        {
            return client.SendAsync(HttpMethod.Post, client.ProjectUri("models/containers/byids"),
                w => ApiJson.WriteContainerIds(w, ids),
                async (stream, ct) =>
                {
                    using var doc = await JsonDocument.ParseAsync(stream, default, ct).ConfigureAwait(false);
                    return Parse(doc.RootElement);
                }, observer, cancellationToken);
        }

        internal static IReadOnlyList<ContainerDefinition> Parse(JsonElement root)
        {
            var result = new List<ContainerDefinition>();
            if (!root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
                throw new JsonException("The containers response has no 'items' array.");
            foreach (var item in items.EnumerateArray())
            {
                var space = item.GetProperty("space").GetString()!;
                var id = item.GetProperty("externalId").GetString()!;
                var props = new List<KeyValuePair<string, PropertyType>>();
                if (item.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object)
                {
                    foreach (var prop in p.EnumerateObject())
                    {
                        var typeName = "json";
                        var list = false;
                        if (prop.Value.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.Object)
                        {
                            if (t.TryGetProperty("type", out var tn) && tn.ValueKind == JsonValueKind.String) typeName = tn.GetString()!;
                            if (t.TryGetProperty("list", out var l) && (l.ValueKind == JsonValueKind.True || l.ValueKind == JsonValueKind.False)) list = l.GetBoolean();
                        }
                        props.Add(new KeyValuePair<string, PropertyType>(prop.Name, new PropertyType(typeName, list)));
                    }
                }
                result.Add(new ContainerDefinition(space, id, props));
            }
            return result;
        }
    }
}
