namespace CogniteRecords.Core.Models
{
    /// <summary>A Data Modeling space: the namespace of containers and of the records written to them.</summary>
    public sealed class SpaceDefinition
    {
        public SpaceDefinition(string space) => Space = space;

        public string Space { get; }
        public string? Name { get; set; }
        public string? Description { get; set; }

        /// <summary>Epoch milliseconds, 0 when not sent.</summary>
        public long CreatedTime { get; set; }
        public long LastUpdatedTime { get; set; }

        /// <summary>Whether CDF provides the space to every project (such spaces cannot be changed).</summary>
        public bool IsGlobal { get; set; }
    }
}
