using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using CogniteRecords.Core.Models;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Internal
{
    /// <summary>
    /// Reads New-CdfContainer -Property: property id → a type text ('float64', 'text[]', 'enum(open,closed)') or a
    /// hashtable @{ Type = ..; Nullable = ..; Name = ..; Description = ..; Values = .. }. Every error names the property
    /// and the rule, before any request.
    /// </summary>
    internal static class PropertySpecs
    {
        public static readonly string[] Types = { "text", "boolean", "float32", "float64", "int32", "int64", "timestamp", "date", "json", "direct", "enum" };

        private static readonly string[] Keys = { "Type", "Nullable", "Name", "Description", "Values", "List", "UnknownValue" };
        private static readonly Regex EnumValue = new Regex("^[_A-Za-z][_0-9A-Za-z]{0,127}$", RegexOptions.CultureInvariant);
        private static readonly Regex EnumShorthand = new Regex(@"^enum\s*\((.*)\)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Singleline);

        /// <summary>The most properties one container holds.</summary>
        public const int MaxProperties = 100;

        /// <summary>The properties in the order given (a plain hashtable's keys are sorted, for a stable order).</summary>
        /// <param name="spec">The -Property hashtable.</param>
        /// <param name="nullableGiven">The properties whose Nullable the hashtable states (the others take the default, or the proposal's).</param>
        public static List<KeyValuePair<string, PropertyType>> Parse(IDictionary spec, out HashSet<string> nullableGiven)
        {
            nullableGiven = new HashSet<string>(StringComparer.Ordinal);
            var keys = spec.Keys.Cast<object>().Select(k => Convert.ToString(k is PSObject p ? p.BaseObject : k, CultureInfo.InvariantCulture) ?? "").ToList();
            if (spec is Hashtable) keys.Sort(StringComparer.Ordinal);
            var result = new List<KeyValuePair<string, PropertyType>>();
            foreach (var name in keys)
            {
                if (CheckName(name) is string why) throw Invalid(why, name);
                var value = spec[name] is PSObject pso ? pso.BaseObject : spec[name];
                if (value is IDictionary map && Get(map, "Nullable") != null) nullableGiven.Add(name);
                result.Add(new KeyValuePair<string, PropertyType>(name, ParseOne(name, value)));
            }
            return result;
        }

        /// <summary>Null when <paramref name="name"/> can be a container property id, else why not.</summary>
        public static string? CheckName(string name) =>
            name == "*" ? "The property '*' is not valid: '*' means every property in a source, it cannot name one." : Identifiers.CheckProperty(name);

        private static PropertyType ParseOne(string name, object? value)
        {
            value = value is PSObject pso ? pso.BaseObject : value;
            switch (value)
            {
                case string text:
                    return FromText(name, text, null);
                case IDictionary map:
                    {
                        foreach (var k in map.Keys)
                        {
                            var key = Convert.ToString(k is PSObject p ? p.BaseObject : k, CultureInfo.InvariantCulture);
                            if (!Keys.Contains(key, StringComparer.OrdinalIgnoreCase))
                                throw Invalid($"The property '{name}' has an unknown key '{key}': use {string.Join(", ", Keys)}.", name);
                        }
                        var typeText = Get(map, "Type") as string
                            ?? throw Invalid($"The property '{name}' has no Type: give one of {string.Join(", ", Types)} (with [] for a list).", name);
                        var values = Get(map, "Values");
                        var type = FromText(name, typeText, values == null ? null : Strings(values));
                        if (Get(map, "List") is object list && LanguagePrimitives.IsTrue(list))
                        {
                            if (type.EnumValues != null) throw Invalid($"The property '{name}' cannot be a list: an enum property holds one value.", name);
                            type = new PropertyType(type.Type, true);
                        }
                        if (Get(map, "Nullable") is object nullable) type.Nullable = LanguagePrimitives.IsTrue(nullable);
                        type.Name = Get(map, "Name") as string;
                        type.Description = Get(map, "Description") as string;
                        if (Get(map, "UnknownValue") is object unknown)
                        {
                            var u = Convert.ToString(unknown, CultureInfo.InvariantCulture);
                            if (type.EnumValues == null) throw Invalid($"The property '{name}' has an UnknownValue but is not an enum.", name);
                            if (!type.EnumValues.Contains(u)) throw Invalid($"The UnknownValue '{u}' of the property '{name}' is not one of its values ({string.Join(", ", type.EnumValues)}).", name);
                            type.UnknownValue = u;
                        }
                        return type;
                    }
                default:
                    throw Invalid($"The property '{name}' must be a type such as 'float64' or 'text[]', or a hashtable such as @{{ Type = 'text'; Nullable = $false }}.", name);
            }
        }

        private static PropertyType FromText(string name, string text, IReadOnlyList<string>? values)
        {
            var t = text.Trim();
            var shorthand = EnumShorthand.Match(t);
            if (shorthand.Success)
            {
                if (values != null) throw Invalid($"The property '{name}' gives its enum values twice: in the type and in Values.", name);
                values = shorthand.Groups[1].Value.Split(new[] { ',', '|' }).Select(v => v.Trim()).ToList();
                t = "enum";
            }
            var list = t.EndsWith("[]", StringComparison.Ordinal);
            var baseType = (list ? t.Substring(0, t.Length - 2) : t).Trim().ToLowerInvariant();
            if (!Types.Contains(baseType))
                throw Invalid($"The type '{text}' of the property '{name}' is not valid: use one of {string.Join(", ", Types)}, with [] for a list (e.g. 'text[]').", name);
            if (baseType != "enum")
            {
                if (values != null) throw Invalid($"The property '{name}' has Values but its type is {baseType}: only an enum has values.", name);
                return new PropertyType(baseType, list);
            }
            if (list) throw Invalid($"The property '{name}' cannot be a list: an enum property holds one value.", name);
            if (values == null || values.Count == 0)
                throw Invalid($"The enum property '{name}' has no values: give them as Values = 'open','closed' or as 'enum(open,closed)'.", name);
            if (values.Count > 32) throw Invalid($"The enum property '{name}' has {values.Count} values; at most 32 are allowed.", name);
            foreach (var v in values)
            {
                if (!EnumValue.IsMatch(v))
                    throw Invalid($"The value '{v}' of the enum property '{name}' is not valid: 1-128 letters, digits and '_', not starting with a digit (^[_A-Za-z][_0-9A-Za-z]{{0,127}}$).", name);
                if (v == "true" || v == "false" || v == "null")
                    throw Invalid($"The value '{v}' of the enum property '{name}' is reserved (true, false and null cannot be enum values).", name);
            }
            var distinct = values.Distinct(StringComparer.Ordinal).ToList();
            if (distinct.Count != values.Count) throw Invalid($"The enum property '{name}' repeats a value.", name);
            return new PropertyType("enum", false) { EnumValues = distinct };
        }

        private static object? Get(IDictionary map, string key)
        {
            foreach (DictionaryEntry e in map)
            {
                var k = e.Key is PSObject p ? p.BaseObject : e.Key;
                if (string.Equals(Convert.ToString(k, CultureInfo.InvariantCulture), key, StringComparison.OrdinalIgnoreCase))
                    return e.Value is PSObject v ? v.BaseObject : e.Value;
            }
            return null;
        }

        private static IReadOnlyList<string> Strings(object value) =>
            value is string s ? new[] { s }
            : value is IEnumerable items ? items.Cast<object?>().Select(i => Convert.ToString(i is PSObject p ? p.BaseObject : i, CultureInfo.InvariantCulture) ?? "").ToList()
            : new[] { Convert.ToString(value, CultureInfo.InvariantCulture) ?? "" };

        private static ErrorRecordException Invalid(string message, string name) =>
            new ErrorRecordException(ErrorMapping.Make("InvalidProperty", ErrorCategory.InvalidArgument, message, name));

        /// <summary>One line per property for messages: 'temperature: float64', 'site: text (not nullable)', 'state: enum(open, closed)'.</summary>
        public static string Describe(KeyValuePair<string, PropertyType> p)
        {
            var t = p.Value;
            var type = t.EnumValues != null ? $"enum({string.Join(", ", t.EnumValues)})" : t.ToString();
            return $"{p.Key}: {type}{(t.Nullable ? "" : " (not nullable)")}";
        }
    }
}
