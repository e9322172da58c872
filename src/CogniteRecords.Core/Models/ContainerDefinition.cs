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

        /// <summary>The container's name, description and usedFor (node, edge, all, record), when the API sent them.</summary>
        public string? Name { get; set; }
        public string? Description { get; set; }
        public string? UsedFor { get; set; }

        /// <summary>Epoch milliseconds, 0 when not sent.</summary>
        public long CreatedTime { get; set; }
        public long LastUpdatedTime { get; set; }
    }
}
