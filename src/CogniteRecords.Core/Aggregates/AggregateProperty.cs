using System;
using System.Collections.Generic;
using System.Linq;
using CogniteRecords.Core.Filters;
using CogniteRecords.Core.Models;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Core.Aggregates
{
    /// <summary>A property named to Measure-CdfRecord, resolved against the project's containers.</summary>
    public sealed class AggregateProperty
    {
        private AggregateProperty(string name, PropertyReference reference, AggregateValueKind kind)
        {
            Name = name;
            Reference = reference;
            Kind = kind;
        }

        /// <summary>The name the user gave.</summary>
        public string Name { get; }

        public PropertyReference Reference { get; }

        public AggregateValueKind Kind { get; }

        /// <summary>True when the user's text needs the project's containers to resolve or check (a container property).</summary>
        public static bool NeedsContainers(string text) => !PropertyReference.TopLevelFields.Contains(text.Trim(), StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// Resolves 'space/container/prop', a top-level field, or a bare property name that exactly one of
        /// <paramref name="containers"/> has. Throws <see cref="CdfArgumentException"/> naming the parameter.
        /// </summary>
        public static AggregateProperty Resolve(string text, string parameter, IReadOnlyList<ContainerDefinition> containers)
        {
            string t = (text ?? "").Trim();
            if (t.Length == 0) throw new CdfArgumentException("InvalidProperty", parameter, $"-{parameter}: a property name is empty.");
            var field = PropertyReference.TopLevelFields.FirstOrDefault(f => string.Equals(f, t, StringComparison.OrdinalIgnoreCase));
            if (field != null)
            {
                var kind = field == "space" || field == "externalId" ? AggregateValueKind.Text : AggregateValueKind.Time;
                return new AggregateProperty(t, FilterParser.ParseProperty(field), kind);
            }
            var parts = t.Split('/');
            if (parts.Length == 3)
            {
                PropertyReference reference;
                try { reference = FilterParser.ParseProperty(t); }
                catch (FilterValidationException e) { throw new CdfArgumentException("InvalidProperty", parameter, $"-{parameter} '{t}': {e.Message}"); }
                var c = containers.FirstOrDefault(x => x.Space == parts[0] && x.ExternalId == parts[1]);
                if (c == null) throw new CdfArgumentException("PropertyNotFound", parameter, $"-{parameter} '{t}': the container {parts[0]}/{parts[1]} does not exist in the project.");
                var p = c.Properties.FirstOrDefault(x => x.Key == parts[2]);
                if (p.Value == null) throw new CdfArgumentException("PropertyNotFound", parameter, $"-{parameter} '{t}': the container {parts[0]}/{parts[1]} has no property '{parts[2]}'.");
                return new AggregateProperty(t, reference, KindOf(p.Value.Type));
            }
            if (parts.Length != 1)
                throw new CdfArgumentException("InvalidProperty", parameter, $"-{parameter} '{t}': give 'space/container/property', a bare property name, or a top-level field ({string.Join(", ", PropertyReference.TopLevelFields)}).");
            var matches = containers.SelectMany(c => c.Properties.Where(p => p.Key == t).Select(p => (Container: c, Type: p.Value))).ToList();
            if (matches.Count == 0)
                throw new CdfArgumentException("PropertyNotFound", parameter, $"-{parameter} '{t}': no container in the project has a property '{t}'.");
            if (matches.Count > 1)
            {
                var paths = matches.Select(m => m.Container.Space + "/" + m.Container.ExternalId + "/" + t).OrderBy(x => x, StringComparer.Ordinal).ToList();
                throw new CdfArgumentException("AmbiguousProperty", parameter,
                    $"-{parameter} '{t}' is ambiguous: {paths.Count} containers have a property '{t}'. Give its full path 'space/container/{t}', one of: {string.Join(", ", paths)}.");
            }
            var m0 = matches[0];
            return new AggregateProperty(t, FilterParser.ParseProperty(m0.Container.Space + "/" + m0.Container.ExternalId + "/" + t), KindOf(m0.Type.Type));
        }

        private static AggregateValueKind KindOf(string type) => type switch
        {
            "int32" or "int64" or "float32" or "float64" => AggregateValueKind.Number,
            "text" or "enum" => AggregateValueKind.Text,
            "boolean" => AggregateValueKind.Boolean,
            "timestamp" or "date" => AggregateValueKind.Time,
            _ => AggregateValueKind.Other,
        };

        /// <summary>Refuses an aggregate the property's type does not take, naming both (before any aggregate request).</summary>
        public void Require(string parameter, string what, params AggregateValueKind[] kinds)
        {
            if (Array.IndexOf(kinds, Kind) >= 0) return;
            throw new CdfArgumentException("InvalidAggregate", parameter,
                $"{what} cannot be computed over '{Name}' ({Describe(Kind)}); it takes {string.Join(" or ", kinds.Select(Describe))}.");
        }

        private static string Describe(AggregateValueKind k) => k switch
        {
            AggregateValueKind.Number => "numbers",
            AggregateValueKind.Text => "text",
            AggregateValueKind.Boolean => "booleans",
            AggregateValueKind.Time => "times (timestamp, date, createdTime, lastUpdatedTime)",
            _ => "a json or direct property",
        };
    }
}
