using System;
using System.Collections.Generic;
using System.Linq;
using CogniteRecords.Core.Models;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Streams;

namespace CogniteRecords
{
    /// <summary>A Data Modeling container: the properties (columns) records can have in it.</summary>
    public sealed class CdfContainer
    {
        internal CdfContainer(ContainerDefinition c)
        {
            Space = c.Space;
            ExternalId = c.ExternalId;
            Name = c.Name;
            Description = c.Description;
            UsedFor = c.UsedFor;
            CreatedTime = c.CreatedTime > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(c.CreatedTime) : (DateTimeOffset?)null;
            LastUpdatedTime = c.LastUpdatedTime > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(c.LastUpdatedTime) : (DateTimeOffset?)null;
            Properties = c.Properties.Select(p => new CdfContainerProperty(p.Key, p.Value)).ToArray();
        }

        public string Space { get; }
        public string ExternalId { get; }
        public string? Name { get; }
        public string? Description { get; }

        /// <summary>node, edge, all or record.</summary>
        public string? UsedFor { get; }
        public DateTimeOffset? CreatedTime { get; }
        public DateTimeOffset? LastUpdatedTime { get; }

        /// <summary>The properties, in the API's order.</summary>
        public IReadOnlyList<CdfContainerProperty> Properties { get; }

        /// <summary>'space/container', as -Source and -Container take it.</summary>
        public string Reference => Space + "/" + ExternalId;

        /// <inheritdoc />
        public override string ToString() => Reference;
    }
}
