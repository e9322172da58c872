using System.Management.Automation;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Internal
{
    /// <summary>Reads a container given as 'space/container', or as a bare id with -Space.</summary>
    internal static class ContainerIds
    {
        /// <summary>The (space, externalId) of <paramref name="text"/>, or an InvalidContainer error naming the rule broken.</summary>
        public static (string Space, string ExternalId)? Parse(string? text, string? space, out ErrorRecord? error)
        {
            var parts = (text ?? "").Split('/');
            (string Space, string Id)? id = parts.Length == 2 ? (parts[0], parts[1]) : parts.Length == 1 && space != null ? (space, parts[0]) : null;
            var why = id == null ? $"The container '{text}' is not valid: give 'space/container', or a bare id with -Space."
                : Identifiers.CheckSpace(id.Value.Space) ?? Identifiers.CheckContainer(id.Value.Id);
            error = why != null ? ErrorMapping.Make("InvalidContainer", ErrorCategory.InvalidArgument, why, text) : null;
            return why != null ? null : id;
        }
    }
}
