using System;
using System.Collections.Generic;
using System.Linq;
using CogniteRecords.Core.Filters;

namespace CogniteRecords.Core.Records
{
    /// <summary>One sort key of the filter endpoint: a property reference (1 or 3 strings) and a direction.</summary>
    public sealed class RecordSort
    {
        public RecordSort(IReadOnlyList<string> property, bool descending) { Property = property; Descending = descending; }
        public IReadOnlyList<string> Property { get; }
        public bool Descending { get; }

        private static readonly (string Suffix, bool Descending)[] Directions =
        {
            (":desc", true), (":descending", true), (" descending", true), (" desc", true),
            (":asc", false), (":ascending", false), (" ascending", false), (" asc", false),
        };

        /// <summary>
        /// Reads 'space/container/prop' or a top-level field (space, externalId, createdTime, lastUpdatedTime), optionally
        /// followed by ':asc'/':desc' (or ' ascending'/' descending'); throws <see cref="CdfArgumentException"/> naming the
        /// allowed directions for an unknown one, and suggesting the full property path for a bare property name (with
        /// <paramref name="containers"/>, the containers the call reads, as 'space/container/prop').
        /// </summary>
        public static RecordSort Parse(string text, bool? descending = null, IReadOnlyList<(string Space, string Container)>? containers = null)
        {
            if (string.IsNullOrWhiteSpace(text)) throw Invalid("A sort key is empty.");
            var t = text.Trim();
            var desc = descending ?? false;
            var matched = false;
            foreach (var (suffix, d) in Directions)
            {
                if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    t = t.Substring(0, t.Length - suffix.Length).Trim();
                    desc = d;
                    matched = true;
                    break;
                }
            }
            var colon = t.LastIndexOf(':');
            if (!matched && colon >= 0)
            {
                var direction = t.Substring(colon + 1);
                var key = t.Substring(0, colon).Trim();
                throw Invalid($"The sort key '{text}' has the direction '{direction}', which is not one: write ':asc' or ':desc' (or ':ascending', ':descending'), " +
                    $"e.g. '{Suggest(key, containers)}:desc'.");
            }
            var parts = t.Split('/');
            if (parts.Length == 1)
            {
                var field = PropertyReference.TopLevelFields.FirstOrDefault(f => string.Equals(f, t, StringComparison.OrdinalIgnoreCase));
                if (field == null)
                {
                    throw Invalid($"The sort key '{text}' is neither 'space/container/property' nor one of the fields {string.Join(", ", PropertyReference.TopLevelFields)}: " +
                        $"name a property in full, e.g. '{Suggest(t, containers)}" + (desc ? ":desc" : "") + "'.");
                }
                return new RecordSort(new[] { field }, desc);
            }
            if (parts.Length != 3) throw Invalid($"The sort key '{text}' is not valid: give 'space/container/property' or a top-level field, optionally with ':asc' or ':desc'.");
            var why = Identifiers.CheckSpace(parts[0]) ?? Identifiers.CheckContainer(parts[1]) ?? Identifiers.CheckProperty(parts[2]);
            if (why != null || parts[2] == "*") throw Invalid($"The sort key '{text}' is not valid: {why ?? "a sort key names one property."}");
            return new RecordSort(parts, desc);
        }

        /// <summary>A key as a full property path: a top-level field as it is, a bare name under the first container read (else 'space/container/').</summary>
        private static string Suggest(string key, IReadOnlyList<(string Space, string Container)>? containers)
        {
            if (key.Length == 0) return "space/container/property";
            if (key.IndexOf('/') >= 0) return key;
            var field = PropertyReference.TopLevelFields.FirstOrDefault(f => string.Equals(f, key, StringComparison.OrdinalIgnoreCase));
            if (field != null) return field;
            return containers != null && containers.Count > 0 ? containers[0].Space + "/" + containers[0].Container + "/" + key : "space/container/" + key;
        }

        private static CdfArgumentException Invalid(string message) => new CdfArgumentException("InvalidSort", "Sort", message);

        public override string ToString() => string.Join("/", Property) + (Descending ? ":desc" : "");
    }
}
