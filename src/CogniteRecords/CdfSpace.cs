using System;
using CogniteRecords.Core.Models;

namespace CogniteRecords
{
    /// <summary>A Data Modeling space (Get-CdfSpace, New-CdfSpace): where containers and records live.</summary>
    public sealed class CdfSpace
    {
        internal CdfSpace(SpaceDefinition s)
        {
            Space = s.Space;
            Name = s.Name;
            Description = s.Description;
            IsGlobal = s.IsGlobal;
            CreatedTime = s.CreatedTime > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(s.CreatedTime) : (DateTimeOffset?)null;
            LastUpdatedTime = s.LastUpdatedTime > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(s.LastUpdatedTime) : (DateTimeOffset?)null;
        }

        /// <summary>The space id.</summary>
        public string Space { get; }

        /// <summary>A readable name, when it has one.</summary>
        public string? Name { get; }

        /// <summary>What the space is for, when it says.</summary>
        public string? Description { get; }

        /// <summary>Whether CDF provides the space to every project (it cannot be changed or removed).</summary>
        public bool IsGlobal { get; }

        /// <summary>When it was made (UTC).</summary>
        public DateTimeOffset? CreatedTime { get; }

        /// <summary>When its name or description last changed (UTC).</summary>
        public DateTimeOffset? LastUpdatedTime { get; }

        /// <inheritdoc />
        public override string ToString() => Space;
    }
}
