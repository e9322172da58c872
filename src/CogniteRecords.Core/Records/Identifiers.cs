using System;
using System.Text.RegularExpressions;

namespace CogniteRecords.Core.Records
{
    /// <summary>The identifier rules of the Records API (records-api.md, "Identifiers").</summary>
    public static class Identifiers
    {
        private static readonly Regex StreamPattern = new Regex("^[a-z]([a-z0-9_-]{0,98}[a-z0-9])?$", RegexOptions.CultureInvariant);
        private static readonly Regex SpacePattern = new Regex("^[a-zA-Z][a-zA-Z0-9_-]{0,41}[a-zA-Z0-9]?$", RegexOptions.CultureInvariant);
        private static readonly Regex ContainerPattern = new Regex("^[a-zA-Z]([a-zA-Z0-9_]{0,253}[a-zA-Z0-9])?$", RegexOptions.CultureInvariant);
        private static readonly Regex PropertyPattern = new Regex("^[a-zA-Z0-9][a-zA-Z0-9_-]{0,253}[a-zA-Z0-9]?$", RegexOptions.CultureInvariant);

        /// <summary>The names a container property cannot have: the record's own fields.</summary>
        internal static readonly string[] ReservedProperties = { "space", "externalId", "createdTime", "lastUpdatedTime", "deletedTime", "extensions" };

        /// <summary>Null when valid, else why not.</summary>
        public static string? CheckStreamId(string? id)
        {
            if (string.IsNullOrEmpty(id)) return "The stream id is empty.";
            if (id!.Length > 100) return $"The stream id '{Short(id)}' is longer than 100 characters.";
            if (!StreamPattern.IsMatch(id))
                return $"The stream id '{Short(id)}' is not valid: it must match ^[a-z]([a-z0-9_-]{{0,98}}[a-z0-9])?$ (lower-case letters, digits, '_' and '-', starting with a letter).";
            if (id.StartsWith("cdf_", StringComparison.Ordinal) || id.StartsWith("cognite_", StringComparison.Ordinal))
                return $"The stream id '{id}' is not valid: it must not start with 'cdf_' or 'cognite_'.";
            if (id == "logs" || id == "records") return $"The stream id '{id}' is reserved.";
            return null;
        }

        // A project's URL name goes into every request path: letters, digits, '-', '_' and '.' (a name of dots only would
        // change the path), at most 255 characters. Looser than CDF's own rule, so that no real project is refused.
        private static readonly Regex ProjectPattern = new Regex("^[A-Za-z0-9._-]{1,255}$", RegexOptions.CultureInvariant);

        /// <summary>Null when <paramref name="project"/> can be a CDF project's URL name, else why not.</summary>
        public static string? CheckProject(string? project)
        {
            if (string.IsNullOrEmpty(project)) return "The project name is empty.";
            if (project!.Length > 255) return $"The project name '{Short(project)}' is {project.Length:N0} characters long; a CDF project name has at most 255.";
            if (!ProjectPattern.IsMatch(project) || project.Trim('.').Length == 0)
                return $"The project name '{Short(project)}' cannot be a CDF project name: it takes letters, digits, '-', '_' and '.' only (the project's URL name, e.g. 'my-company-dev').";
            return null;
        }

        public static string? CheckSpace(string? space)
        {
            if (string.IsNullOrEmpty(space)) return "The space is empty.";
            if (space!.Length > 43 || !SpacePattern.IsMatch(space))
                return $"The space '{Short(space)}' is not valid: 1-43 characters, ^[a-zA-Z][a-zA-Z0-9_-]{{0,41}}[a-zA-Z0-9]?$.";
            return null;
        }

        public static string? CheckContainer(string? container)
        {
            if (string.IsNullOrEmpty(container)) return "The container external id is empty.";
            if (container!.Length > 255 || !ContainerPattern.IsMatch(container))
                return $"The container '{Short(container)}' is not valid: 1-255 characters, ^[a-zA-Z]([a-zA-Z0-9_]{{0,253}}[a-zA-Z0-9])?$.";
            return null;
        }

        public static string? CheckProperty(string? property)
        {
            if (string.IsNullOrEmpty(property)) return "The property id is empty.";
            if (property == "*") return null;
            if (property!.Length > 255 || !PropertyPattern.IsMatch(property))
                return $"The property '{Short(property)}' is not valid: 1-255 characters, ^[a-zA-Z0-9][a-zA-Z0-9_-]{{0,253}}[a-zA-Z0-9]?$.";
            foreach (var reserved in ReservedProperties)
                if (property == reserved) return $"The property '{property}' is reserved: it is a top-level field of every record, not a container property.";
            return null;
        }

        private static string Short(string s) => s.Length <= 60 ? s : s.Substring(0, 57) + "...";
    }
}
