using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CogniteRecords.Core.Records
{
    /// <summary>
    /// Reads -Source input: 'space/container' (every property), 'space/container/prop' (one; several entries for
    /// one container merge) or a dictionary with Space, Container and Properties. Validates every name and the
    /// 1-10 container bound before any request.
    /// </summary>
    public static class SourceParser
    {
        public const int MaxContainers = 10;
        public const int MaxProperties = 1000;

        public static IReadOnlyList<SourceSelection> Parse(IEnumerable<object?>? inputs)
        {
            var order = new List<(string Space, string Container)>();
            var props = new Dictionary<(string, string), List<string>>();
            if (inputs == null) return Array.Empty<SourceSelection>();

            foreach (var input in inputs)
            {
                string space, container;
                IEnumerable<string> properties;
                switch (input)
                {
                    case null:
                        throw Invalid("InvalidSource", "A source is null: give 'space/container', 'space/container/property' or @{ Space = ..; Container = ..; Properties = @(..) }.");
                    case string text:
                        {
                            var parts = text.Split('/');
                            if (parts.Length < 2 || parts.Length > 3)
                                throw Invalid("InvalidSource", $"The source '{text}' is not valid: give 'space/container' (every property) or 'space/container/property'.");
                            space = parts[0]; container = parts[1];
                            properties = parts.Length == 3 ? new[] { parts[2] } : new[] { "*" };
                            break;
                        }
                    case IDictionary map:
                        {
                            string? s = null, c = null;
                            object? p = null;
                            foreach (DictionaryEntry entry in map)
                            {
                                var key = entry.Key?.ToString() ?? "";
                                if (key.Equals("Space", StringComparison.OrdinalIgnoreCase)) s = entry.Value?.ToString();
                                else if (key.Equals("Container", StringComparison.OrdinalIgnoreCase) || key.Equals("ExternalId", StringComparison.OrdinalIgnoreCase)) c = entry.Value?.ToString();
                                else if (key.Equals("Properties", StringComparison.OrdinalIgnoreCase) || key.Equals("Property", StringComparison.OrdinalIgnoreCase)) p = entry.Value;
                                else throw Invalid("InvalidSource", $"The source hashtable has an unknown key '{key}': use Space, Container and Properties.");
                            }
                            if (s == null || c == null) throw Invalid("InvalidSource", "A source hashtable needs both Space and Container (and optionally Properties).");
                            space = s; container = c;
                            properties = p switch
                            {
                                null => new[] { "*" },
                                string one => new[] { one },
                                IEnumerable many => many.Cast<object?>().Select(x => x?.ToString() ?? ""),
                                _ => new[] { p.ToString() ?? "" },
                            };
                            break;
                        }
                    default:
                        throw Invalid("InvalidSource", $"A source of type {input.GetType().Name} is not understood: give 'space/container', 'space/container/property' or a hashtable.");
                }

                var why = Identifiers.CheckSpace(space) ?? Identifiers.CheckContainer(container);
                if (why != null) throw Invalid("InvalidSource", $"The source '{space}/{container}' is not valid: {why}");
                var key2 = (space, container);
                if (!props.TryGetValue(key2, out var list))
                {
                    list = new List<string>();
                    props.Add(key2, list);
                    order.Add(key2);
                }
                var any = false;
                foreach (var property in properties)
                {
                    any = true;
                    var bad = Identifiers.CheckProperty(property);
                    if (bad != null) throw Invalid("InvalidSource", $"The source '{space}/{container}' names a bad property: {bad}");
                    if (!list.Contains(property)) list.Add(property);
                }
                if (!any) throw Invalid("InvalidSource", $"The source '{space}/{container}' lists no properties: leave Properties out for every property.");
            }

            if (order.Count > MaxContainers)
                throw Invalid("TooManySources", $"{order.Count} containers were given as sources; the API takes 1 to {MaxContainers}.");

            var result = new List<SourceSelection>(order.Count);
            foreach (var key in order)
            {
                var list = props[key];
                // "*" takes in every property, so listing some beside it changes nothing.
                IReadOnlyList<string> final = list.Contains("*") ? new[] { "*" } : list.ToArray();
                if (final.Count > MaxProperties)
                    throw Invalid("TooManySources", $"{final.Count} properties were given for '{key.Space}/{key.Container}'; the API takes at most {MaxProperties}.");
                result.Add(new SourceSelection(key.Space, key.Container, final));
            }
            return result;
        }

        /// <summary>An order-independent text of the selection, for the session cursor's key.</summary>
        public static string Canonical(IReadOnlyList<SourceSelection> sources)
        {
            var sb = new StringBuilder();
            foreach (var s in sources.OrderBy(x => x.Space, StringComparer.Ordinal).ThenBy(x => x.Container, StringComparer.Ordinal))
            {
                if (sb.Length > 0) sb.Append(';');
                sb.Append(s.Space).Append('/').Append(s.Container).Append(':');
                sb.Append(string.Join(",", s.Properties.OrderBy(p => p, StringComparer.Ordinal)));
            }
            return sb.ToString();
        }

        private static CdfArgumentException Invalid(string id, string message) => new CdfArgumentException(id, "Source", message);
    }
}
