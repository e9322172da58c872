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

        /// <summary>
        /// Reads 'space/container/prop' or a top-level field (space, externalId, createdTime, lastUpdatedTime), optionally
        /// followed by ':asc'/':desc' (or ' ascending'/' descending'); throws <see cref="CdfArgumentException"/>.
        /// </summary>
        public static RecordSort Parse(string text, bool? descending = null)
        {
            if (string.IsNullOrWhiteSpace(text)) throw Invalid("A sort key is empty.");
            var t = text.Trim();
            var desc = descending ?? false;
            foreach (var (suffix, d) in new[] { (":desc", true), (":descending", true), (" descending", true), (" desc", true), (":asc", false), (":ascending", false), (" ascending", false), (" asc", false) })
            {
                if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    t = t.Substring(0, t.Length - suffix.Length).Trim();
                    desc = d;
                    break;
                }
            }
            var parts = t.Split('/');
            if (parts.Length == 1)
            {
                var field = PropertyReference.TopLevelFields.FirstOrDefault(f => string.Equals(f, t, StringComparison.OrdinalIgnoreCase));
                if (field == null) throw Invalid($"The sort key '{text}' is neither 'space/container/property' nor one of the fields {string.Join(", ", PropertyReference.TopLevelFields)}.");
                return new RecordSort(new[] { field }, desc);
            }
            if (parts.Length != 3) throw Invalid($"The sort key '{text}' is not valid: give 'space/container/property' or a top-level field, optionally with ':desc'.");
            var why = Identifiers.CheckSpace(parts[0]) ?? Identifiers.CheckContainer(parts[1]) ?? Identifiers.CheckProperty(parts[2]);
            if (why != null || parts[2] == "*") throw Invalid($"The sort key '{text}' is not valid: {why ?? "a sort key names one property."}");
            return new RecordSort(parts, desc);
        }

        private static CdfArgumentException Invalid(string message) => new CdfArgumentException("InvalidSort", "Sort", message);

        public override string ToString() => string.Join("/", Property) + (Descending ? ":desc" : "");
    }
}
