using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Core.Filters
{
    /// <summary>
    /// Turns user input into a validated <see cref="FilterNode"/>: every rule of the reference is checked here,
    /// before any request, and the first broken one is reported with the path of the offending part.
    /// </summary>
    /// <remarks>
    /// Leniencies (our choice; what is sent is always the canonical API shape): operator and key names match
    /// case-insensitively (PowerShell hashtables are case-insensitive anyway); a property may be given as the string
    /// <c>'space/container/prop'</c> or a top-level field name instead of an array; a <c>hasData</c> container may
    /// be given as <c>'space/container'</c> and its <c>type</c> may be left out; an <c>and</c>/<c>or</c> body may be
    /// one filter instead of a list of one; a filter position may hold a JSON string or an already built
    /// <see cref="FilterNode"/>. [DateTime]/[DateTimeOffset] values (and ISO-8601 strings on <c>createdTime</c>/
    /// <c>lastUpdatedTime</c>) become epoch milliseconds on those two fields and <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>
    /// (UTC) on container properties; a DateTime of unspecified kind is taken as local time, as .NET does.
    /// Range bounds on container properties are numbers or strings: the property's type (timestamp, date, text) is
    /// known only to the service, so a string's shape is left for it to judge.
    /// </remarks>
    public static class FilterParser
    {
        private static readonly string[] Operators =
            { "and", "or", "not", "matchAll", "exists", "equals", "in", "prefix", "range", "containsAny", "containsAll", "hasData" };

        private static readonly Regex SpacePattern = new Regex("^[a-zA-Z][a-zA-Z0-9_-]{0,41}[a-zA-Z0-9]?$", RegexOptions.CultureInvariant);
        private static readonly Regex ContainerPattern = new Regex("^[a-zA-Z]([a-zA-Z0-9_]{0,253}[a-zA-Z0-9])?$", RegexOptions.CultureInvariant);
        private static readonly Regex PropertyPattern = new Regex("^[a-zA-Z0-9][a-zA-Z0-9_-]{0,253}[a-zA-Z0-9]?$", RegexOptions.CultureInvariant);
        private static readonly Regex DatePattern = new Regex(@"^\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant);
        private static readonly Regex TimestampPattern = new Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant);

        /// <summary>
        /// Accepts a <see cref="FilterNode"/>, a JSON string, a <see cref="JsonElement"/>, or plain .NET data
        /// (IDictionary with string keys, IEnumerable, string, numbers, booleans, DateTime/DateTimeOffset).
        /// Throws <see cref="FilterValidationException"/> naming the offending part.
        /// </summary>
        public static FilterNode Parse(object? value)
        {
            return CheckNodeCount(ParseFilter(value, "", 1));
        }

        /// <summary>The whole filter's node count against the API's limit.</summary>
        internal static FilterNode CheckNodeCount(FilterNode node)
        {
            int nodes = node.NodeCount;
            if (nodes > FilterLimits.MaxNodes)
                throw Fail("", $"the filter has {nodes} nodes; the API takes at most {FilterLimits.MaxNodes} (every filter object counts). Split the work into several syncs or use 'in' instead of many 'equals'.");
            return node;
        }

        /// <summary>Parses a property reference: <c>'space/container/prop'</c>, a top-level field, or an array of 1 or 3 strings.</summary>
        public static PropertyReference ParseProperty(object? value) => ParsePropertyReference(value, "property");

        private static FilterValidationException Fail(string path, string message) => new FilterValidationException(
            string.IsNullOrEmpty(path) ? "Invalid filter: " + message : $"Invalid filter at '{path}': {message}", path);

        private static string Join(string path, string part) => string.IsNullOrEmpty(path) ? part : path + "." + part;

        // ---- filters ----

        private static FilterNode ParseFilter(object? value, string path, int depth)
        {
            value = Normalize(value);
            string where = string.IsNullOrEmpty(path) ? "the filter" : $"'{path}'";
            switch (value)
            {
                case null:
                    throw Fail(path, "a filter cannot be empty ($null).");
                case FilterNode node:
                    if (depth - 1 + node.Depth > FilterLimits.MaxDepth)
                        throw Fail(path, $"the filter is deeper than {FilterLimits.MaxDepth} levels (the top-level filter is level 1).");
                    return node;
                case string json:
                    return ParseFilter(ParseJson(json, path), path, depth);
            }
            if (depth > FilterLimits.MaxDepth)
                throw Fail(path, $"the filter is deeper than {FilterLimits.MaxDepth} levels (the top-level filter is level 1).");
            var entries = AsEntries(value);
            if (entries == null)
                throw Fail(path, $"expected a filter object such as {{\"equals\": {{...}}}}, got {Describe(value)}.");
            if (entries.Count != 1)
            {
                if (entries.Count == 0)
                    throw Fail(path, "a filter object needs exactly one key, the operator (" + string.Join(", ", Operators) + "); it is empty.");
                throw Fail(path, "a filter object has exactly one key, the operator; found " + string.Join(", ", entries.Select(e => "'" + e.Key + "'")) +
                                 ". Combine several filters with 'and' or 'or'.");
            }
            string key = entries[0].Key;
            string? op = Operators.FirstOrDefault(o => string.Equals(o, key, StringComparison.OrdinalIgnoreCase));
            if (op == null)
                throw Fail(Join(path, key), $"unknown operator '{key}'. Operators: {string.Join(", ", Operators)}.");
            string at = Join(path, op);
            object? body = Normalize(entries[0].Value);
            switch (op)
            {
                case "and":
                case "or":
                    return ParseBoolean(op, body, at, depth);
                case "not":
                    return ParseNot(body, at, depth);
                case "matchAll":
                    var all = AsEntries(body);
                    if (all == null || all.Count != 0)
                        throw Fail(at, $"'matchAll' takes an empty object {{}}, got {Describe(body)}.");
                    return new MatchAllFilter();
                case "hasData":
                    return ParseHasData(body, at);
                default:
                    return ParseLeaf(op, body, at);
            }
        }

        internal static FilterNode ParseNot(object? body, string at, int depth)
        {
            body = Normalize(body);
            if (body is string || AsEntries(body) != null || body is FilterNode)
                return new NotFilter(ParseFilter(body, at, depth + 1));
            throw Fail(at, $"'not' takes one filter object, got {Describe(body)}.");
        }

        internal static FilterNode ParseBoolean(string op, object? body, string at, int depth)
        {
            var items = AsList(body);
            if (items == null)
            {
                // One filter instead of a list of one.
                if (body is string || body is FilterNode || AsEntries(body) != null) items = new List<object?> { body };
                else throw Fail(at, $"'{op}' takes a list of 1 to {FilterLimits.MaxBooleanChildren} filters, got {Describe(body)}.");
            }
            if (items.Count == 0)
                throw Fail(at, $"'{op}' takes a list of 1 to {FilterLimits.MaxBooleanChildren} filters; the list is empty.");
            if (items.Count > FilterLimits.MaxBooleanChildren)
                throw Fail(at, $"'{op}' takes at most {FilterLimits.MaxBooleanChildren} filters; got {items.Count}.");
            var children = new List<FilterNode>(items.Count);
            for (int i = 0; i < items.Count; i++)
                children.Add(ParseFilter(items[i], $"{at}[{i}]", depth + 1));
            return new BooleanFilter(op, children);
        }

        internal static FilterNode ParseHasData(object? body, string at)
        {
            var items = AsList(body);
            if (items == null)
            {
                if (body is string || AsEntries(body) != null) items = new List<object?> { body };
                else throw Fail(at, $"'hasData' takes a list of 1 to {FilterLimits.MaxHasDataContainers} container references, got {Describe(body)}.");
            }
            if (items.Count == 0 || items.Count > FilterLimits.MaxHasDataContainers)
                throw Fail(at, $"'hasData' takes 1 to {FilterLimits.MaxHasDataContainers} container references; got {items.Count}.");
            var containers = new List<ContainerReference>(items.Count);
            for (int i = 0; i < items.Count; i++)
                containers.Add(ParseContainer(Normalize(items[i]), $"{at}[{i}]"));
            return new HasDataFilter(containers);
        }

        private static ContainerReference ParseContainer(object? value, string at)
        {
            string? space, externalId;
            if (value is string text)
            {
                var parts = text.Split('/');
                if (parts.Length != 2)
                    throw Fail(at, $"a container is 'space/container' or {{\"type\": \"container\", \"space\": ..., \"externalId\": ...}}; got '{text}'.");
                space = parts[0];
                externalId = parts[1];
            }
            else
            {
                var entries = AsEntries(value) ?? throw Fail(at, $"expected a container reference {{\"type\": \"container\", \"space\": ..., \"externalId\": ...}}, got {Describe(value)}.");
                var fields = TakeKeys(entries, at, "container reference", "type", "space", "externalId");
                if (fields.TryGetValue("type", out var type) && !(Normalize(type) is string t && t == "container"))
                    throw Fail(Join(at, "type"), $"a container reference's type must be 'container', got {Describe(Normalize(type))}.");
                space = fields.TryGetValue("space", out var s) ? Normalize(s) as string : null;
                externalId = fields.TryGetValue("externalId", out var x) ? Normalize(x) as string : null;
                if (space == null) throw Fail(Join(at, "space"), "a container reference needs 'space' (a string).");
                if (externalId == null) throw Fail(Join(at, "externalId"), "a container reference needs 'externalId' (a string).");
            }
            CheckSpace(space, at);
            CheckContainer(externalId, at);
            return new ContainerReference(space, externalId);
        }

        // ---- leaves ----

        private static FilterNode ParseLeaf(string op, object? body, string at)
        {
            var entries = AsEntries(body) ?? throw Fail(at, $"'{op}' takes an object such as {Example(op)}, got {Describe(body)}.");
            string[] keys = op switch
            {
                "exists" => new[] { "property" },
                "equals" => new[] { "property", "value" },
                "prefix" => new[] { "property", "value" },
                "range" => new[] { "property", "gt", "gte", "lt", "lte" },
                _ => new[] { "property", "values" }, // in, containsAny, containsAll
            };
            var fields = TakeKeys(entries, at, $"'{op}'", keys);
            if (!fields.TryGetValue("property", out var propertyValue))
                throw Fail(at, $"'{op}' needs 'property', e.g. {Example(op)}.");
            var property = LeafProperty(op, propertyValue, at);
            if (op == "exists") return new PropertyFilter(op, property);
            if (op == "range") return ParseRange(fields, property, at);
            string key = op == "equals" || op == "prefix" ? "value" : "values";
            if (!fields.TryGetValue(key, out var v))
                throw Fail(at, $"'{op}' needs '{key}', e.g. {Example(op)}.");
            return op switch
            {
                "equals" => EqualsLeaf(property, v, at),
                "prefix" => PrefixLeaf(property, v, at),
                _ => ValuesLeaf(op, property, v, at),
            };
        }

        /// <summary>The property of the leaf <paramref name="op"/> at <paramref name="at"/>, checked for that operator.</summary>
        internal static PropertyReference LeafProperty(string op, object? raw, string at)
        {
            var property = ParsePropertyReference(raw, Join(at, "property"));
            CheckTopLevelAllowed(op, property, Join(at, "property"));
            return property;
        }

        internal static FilterNode EqualsLeaf(PropertyReference property, object? v, string at)
        {
            var value = Normalize(v);
            if (value == null)
                throw Fail(Join(at, "value"), "'equals' cannot compare with null; to find records without the property use {\"not\": {\"exists\": ...}}.");
            if (AsList(value) != null)
                throw Fail(Join(at, "value"), "'equals' takes one value, not a list (it works on single-valued properties); use 'in' for one of several values or 'containsAll'/'containsAny' for list properties.");
            return new PropertyFilter("equals", property, value: ParseValue(value, property, Join(at, "value")));
        }

        internal static FilterNode PrefixLeaf(PropertyReference property, object? v, string at)
        {
            if (!(Normalize(v) is string text))
                throw Fail(Join(at, "value"), $"'prefix' takes a string value, got {Describe(Normalize(v))}.");
            if (text.Length == 0 || text.Length > FilterLimits.MaxPrefixLength)
                throw Fail(Join(at, "value"), $"a 'prefix' value has 1 to {FilterLimits.MaxPrefixLength} characters; it has {text.Length}.");
            return new PropertyFilter("prefix", property, value: ParseValue(text, property, Join(at, "value")));
        }

        /// <summary><c>in</c>, <c>containsAny</c> or <c>containsAll</c>.</summary>
        internal static FilterNode ValuesLeaf(string op, PropertyReference property, object? v, string at)
        {
            var value = Normalize(v);
            var items = AsList(value);
            if (items == null)
            {
                if (value == null) throw Fail(Join(at, "values"), $"'{op}' takes a list of 1 to {FilterLimits.MaxValues} values, got null.");
                items = new List<object?> { value }; // one value instead of a list of one
            }
            if (items.Count == 0 || items.Count > FilterLimits.MaxValues)
                throw Fail(Join(at, "values"), $"'{op}' takes 1 to {FilterLimits.MaxValues} values; got {items.Count}.");
            var values = new List<FilterValue>(items.Count);
            for (int i = 0; i < items.Count; i++)
            {
                string itemPath = $"{Join(at, "values")}[{i}]";
                var item = Normalize(items[i]);
                if (item == null) throw Fail(itemPath, "a value cannot be null.");
                if (AsList(item) != null) throw Fail(itemPath, "a value cannot be a list.");
                values.Add(ParseValue(item, property, itemPath));
            }
            return new PropertyFilter(op, property, values: values);
        }

        /// <summary>A range from its bounds (gt, gte, lt, lte; at least one), the property given as for a leaf.</summary>
        internal static FilterNode RangeLeaf(object? property, IEnumerable<KeyValuePair<string, object?>> bounds, string at)
        {
            var fields = TakeKeys(bounds.ToList(), at, "'range'", "gt", "gte", "lt", "lte");
            return ParseRange(fields, LeafProperty("range", property, at), at);
        }

        private static FilterNode ParseRange(Dictionary<string, object?> fields, PropertyReference property, string at)
        {
            FilterValue? Bound(string name)
            {
                if (!fields.TryGetValue(name, out var raw)) return null;
                string boundPath = Join(at, name);
                var value = Normalize(raw);
                switch (value)
                {
                    case null:
                        throw Fail(boundPath, "a range bound cannot be null; leave the bound out instead.");
                    case bool _:
                        throw Fail(boundPath, "a range bound is a number or a date/timestamp string, not a boolean.");
                    case string text when text.Length == 0:
                        throw Fail(boundPath, "a range bound cannot be an empty string.");
                }
                if (!(value is string) && !IsNumber(value) && !(value is DateTime) && !(value is DateTimeOffset))
                    throw Fail(boundPath, $"a range bound is a number or a date/timestamp string, got {Describe(value)}.");
                return ParseValue(value, property, boundPath);
            }

            var gt = Bound("gt");
            var gte = Bound("gte");
            var lt = Bound("lt");
            var lte = Bound("lte");
            if (gt == null && gte == null && lt == null && lte == null)
                throw Fail(at, "a range needs at least one bound: 'gt' or 'gte' (lower), 'lt' or 'lte' (upper).");
            if (gt != null && gte != null)
                throw Fail(at, "a range takes at most one lower bound; it has both 'gt' and 'gte'.");
            if (lt != null && lte != null)
                throw Fail(at, "a range takes at most one upper bound; it has both 'lt' and 'lte'.");
            return new PropertyFilter("range", property, gt: gt, gte: gte, lt: lt, lte: lte);
        }

        private static void CheckTopLevelAllowed(string op, PropertyReference property, string at)
        {
            if (!property.IsTopLevel) return;
            string field = property.Path[0];
            string[] allowed = op switch
            {
                "equals" or "in" => PropertyReference.TopLevelFields.ToArray(),
                "prefix" => new[] { "space", "externalId" },
                "range" => new[] { "createdTime", "lastUpdatedTime" },
                _ => Array.Empty<string>(),
            };
            if (Array.IndexOf(allowed, field) >= 0) return;
            throw Fail(at, allowed.Length == 0
                ? $"'{op}' works on container properties only ([space, container, property]), not on the top-level field '{field}'."
                : $"'{op}' does not take the top-level field '{field}'; it takes {string.Join(", ", allowed.Select(a => "'" + a + "'"))} or container properties.");
        }

        private static PropertyReference ParsePropertyReference(object? raw, string at)
        {
            var value = Normalize(raw);
            string[] parts;
            if (value is string text)
            {
                parts = text.Split('/');
            }
            else
            {
                var items = AsList(value) ?? throw Fail(at, $"a property is [space, container, property] or [field], got {Describe(value)}.");
                parts = new string[items.Count];
                for (int i = 0; i < items.Count; i++)
                    parts[i] = Normalize(items[i]) as string ?? throw Fail(at, $"a property path holds strings only; item {i} is {Describe(Normalize(items[i]))}.");
            }
            if (parts.Length == 1)
            {
                string? field = PropertyReference.TopLevelFields.FirstOrDefault(f => string.Equals(f, parts[0], StringComparison.OrdinalIgnoreCase));
                if (field == null)
                    throw Fail(at, $"'{Truncate(parts[0])}' is not a top-level field ({string.Join(", ", PropertyReference.TopLevelFields)}); a container property is [space, container, property] or 'space/container/property'.");
                return new PropertyReference(field);
            }
            if (parts.Length != 3)
                throw Fail(at, $"a property is [space, container, property] or one top-level field; got {parts.Length} parts ('{Truncate(string.Join("/", parts))}').");
            CheckSpace(parts[0], at);
            CheckContainer(parts[1], at);
            if (parts[2].Length > 255 || !PropertyPattern.IsMatch(parts[2]))
                throw Fail(at, $"'{Truncate(parts[2])}' is not a valid property id (1–255 characters: letters, digits, '_' and '-', starting and ending with a letter or digit).");
            if (Identifiers.ReservedProperties.Contains(parts[2]))
                throw Fail(at, $"'{parts[2]}' is a reserved name, not a container property; name the top-level field alone (['{parts[2]}']).");
            return new PropertyReference(parts);
        }

        private static void CheckSpace(string space, string at)
        {
            if (space.Length > 43 || !SpacePattern.IsMatch(space))
                throw Fail(at, $"'{Truncate(space)}' is not a valid space (1–43 characters: letters, digits, '_' and '-', starting with a letter).");
        }

        private static void CheckContainer(string container, string at)
        {
            if (container.Length > 255 || !ContainerPattern.IsMatch(container))
                throw Fail(at, $"'{Truncate(container)}' is not a valid container external id (1–255 characters: letters, digits and '_', starting with a letter).");
        }

        // ---- values ----

        private static FilterValue ParseValue(object? value, PropertyReference property, string at)
        {
            value = Normalize(value);
            if (property.IsEpochTime) return EpochValue(value, property, at);
            if (property.IsTopLevel)
            {
                // space and externalId are strings.
                if (!(value is string s))
                    throw Fail(at, $"'{property}' holds strings; got {Describe(value)}. Quote the value.");
                return StringValue(s, at);
            }
            switch (value)
            {
                case null:
                    throw Fail(at, "a value cannot be null.");
                case string s:
                    return StringValue(s, at);
                case bool b:
                    return FilterValue.Build(FilterValueKind.Boolean, w => w.WriteBooleanValue(b));
                case DateTime dt:
                    return FilterValue.String(ToUtc(dt).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                case DateTimeOffset dto:
                    return FilterValue.String(dto.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            }
            if (IsNumber(value))
            {
                var written = FilterValue.Build(FilterValueKind.Number, w => WriteNumber(w, value!, at));
                return written;
            }
            if (AsEntries(value) != null)
            {
                var json = FilterValue.Build(FilterValueKind.Object, w => WriteObject(w, value!, at, 0));
                if (Encoding.UTF8.GetByteCount(json.Json) > FilterLimits.MaxObjectBytes)
                    throw Fail(at, $"an object value is at most {FilterLimits.MaxObjectBytes} bytes of JSON.");
                return json;
            }
            throw Fail(at, $"a value is a string, number, boolean or object; got {Describe(value)}.");
        }

        private static FilterValue StringValue(string s, string at)
        {
            if (Encoding.UTF8.GetByteCount(s) > FilterLimits.MaxStringBytes)
                throw Fail(at, $"a string value is at most 128 KB.");
            return FilterValue.String(s);
        }

        private static FilterValue EpochValue(object? value, PropertyReference property, string at)
        {
            string hint = $"'{property}' holds epoch milliseconds: give a whole number >= 0, a [DateTime]/[DateTimeOffset] or an ISO-8601 timestamp";
            long ms;
            switch (value)
            {
                case DateTime dt:
                    ms = new DateTimeOffset(ToUtc(dt)).ToUnixTimeMilliseconds();
                    break;
                case DateTimeOffset dto:
                    ms = dto.ToUnixTimeMilliseconds();
                    break;
                case string s:
                    // An ISO-8601 timestamp, or a date (midnight UTC), as the emulator also takes them.
                    if (!IsDateOrTimestamp(s) || !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                        throw Fail(at, $"{hint}; got '{Truncate(s)}'.");
                    ms = parsed.ToUnixTimeMilliseconds();
                    break;
                default:
                    if (!IsNumber(value) || !TryGetWholeNumber(value!, out ms))
                        throw Fail(at, $"{hint}; got {Describe(value)}.");
                    break;
            }
            if (ms < 0) throw Fail(at, $"{hint}; got {ms} (before 1970).");
            return FilterValue.Number(ms);
        }

        private static DateTime ToUtc(DateTime dt) => dt.Kind == DateTimeKind.Utc ? dt : dt.ToUniversalTime();

        private static bool IsDateOrTimestamp(string text)
        {
            if (DatePattern.IsMatch(text))
                return DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
            return TimestampPattern.IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);
        }

        private static bool IsNumber(object? value) =>
            value is int || value is long || value is short || value is sbyte || value is byte || value is uint || value is ulong || value is ushort ||
            value is double || value is float || value is decimal;

        private static bool TryGetWholeNumber(object value, out long result)
        {
            result = 0;
            switch (value)
            {
                case ulong u:
                    if (u > long.MaxValue) return false;
                    result = (long)u;
                    return true;
                case double d:
                    if (double.IsNaN(d) || double.IsInfinity(d) || Math.Floor(d) != d || d < -9.2e18 || d > 9.2e18) return false;
                    result = (long)d;
                    return true;
                case float f:
                    return TryGetWholeNumber((double)f, out result);
                case decimal m:
                    if (decimal.Truncate(m) != m || m < long.MinValue || m > long.MaxValue) return false;
                    result = (long)m;
                    return true;
                default:
                    result = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                    return true;
            }
        }

        private static void WriteNumber(Utf8JsonWriter writer, object value, string at)
        {
            if (TryGetWholeNumber(value, out long whole))
            {
                writer.WriteNumberValue(whole);
                return;
            }
            switch (value)
            {
                case ulong u:
                    writer.WriteNumberValue(u);
                    return;
                case decimal m:
                    // Strip trailing zeros so 1.50 and 1.5 give the same text.
                    writer.WriteNumberValue(m / 1.0000000000000000000000000000m);
                    return;
                case float f:
                    value = double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                    break;
            }
            double d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            if (double.IsNaN(d) || double.IsInfinity(d))
                throw Fail(at, "a number value must be finite (not NaN or infinity).");
            writer.WriteNumberValue(d);
        }

        private static void WriteObject(Utf8JsonWriter writer, object value, string at, int depth)
        {
            if (depth > 32) throw Fail(at, "an object value is nested too deeply.");
            value = Normalize(value)!;
            var entries = AsEntries(value);
            if (entries != null)
            {
                if (depth == 0 && entries.Count > FilterLimits.MaxObjectKeys)
                    throw Fail(at, $"an object value has at most {FilterLimits.MaxObjectKeys} keys; it has {entries.Count}.");
                writer.WriteStartObject();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var e in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    if (e.Key.Length > FilterLimits.MaxObjectKeyLength)
                        throw Fail(at, $"an object value's keys are at most {FilterLimits.MaxObjectKeyLength} characters; '{Truncate(e.Key)}' is longer.");
                    if (!seen.Add(e.Key)) throw Fail(at, $"the object value has the key '{e.Key}' twice.");
                    writer.WritePropertyName(e.Key);
                    WriteObject(writer, e.Value!, at, depth + 1);
                }
                writer.WriteEndObject();
                return;
            }
            var list = AsList(value);
            if (list != null)
            {
                writer.WriteStartArray();
                foreach (var item in list) WriteObject(writer, item!, at, depth + 1);
                writer.WriteEndArray();
                return;
            }
            switch (value)
            {
                case null: writer.WriteNullValue(); return;
                case string s: writer.WriteStringValue(s); return;
                case bool b: writer.WriteBooleanValue(b); return;
                case DateTime dt: writer.WriteStringValue(ToUtc(dt).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)); return;
                case DateTimeOffset dto: writer.WriteStringValue(dto.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)); return;
            }
            if (IsNumber(value)) { WriteNumber(writer, value, at); return; }
            throw Fail(at, $"an object value cannot hold {Describe(value)}.");
        }

        // ---- input shapes ----

        /// <summary>JSON elements become plain data; everything else is as given.</summary>
        private static object? Normalize(object? value)
        {
            if (value is JsonElement element) return FromJson(element);
            if (value is JsonDocument document) return FromJson(document.RootElement);
            return value;
        }

        private static object? FromJson(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    return new JsonObjectData(element.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)).ToList());
                case JsonValueKind.Array:
                    return element.EnumerateArray().Select(e => (object?)e).ToList();
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    if (element.TryGetInt64(out long l)) return l;
                    if (element.TryGetDecimal(out decimal m)) return m;
                    if (element.TryGetDouble(out double d)) return d;
                    throw new FilterValidationException($"Invalid filter: the number {element.GetRawText()} is out of range.");
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }

        private static object? ParseJson(string json, string path)
        {
            try
            {
                using (var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 }))
                    return FromJson(document.RootElement.Clone());
            }
            catch (JsonException e)
            {
                throw Fail(path, $"the text is not valid JSON ({e.Message}). A filter string is the API's JSON, e.g. {{\"equals\": {{\"property\": [\"space\", \"container\", \"prop\"], \"value\": 1}}}}.");
            }
        }

        /// <summary>A JSON object's members, in order, duplicates kept (so they can be refused).</summary>
        private sealed class JsonObjectData
        {
            public JsonObjectData(List<KeyValuePair<string, object?>> entries) => Entries = entries;
            public List<KeyValuePair<string, object?>> Entries { get; }
        }

        private static List<KeyValuePair<string, object?>>? AsEntries(object? value)
        {
            switch (value)
            {
                case JsonObjectData json:
                    return json.Entries;
                case IDictionary dictionary:
                {
                    var list = new List<KeyValuePair<string, object?>>(dictionary.Count);
                    foreach (DictionaryEntry e in dictionary)
                    {
                        if (!(e.Key is string key))
                            throw new FilterValidationException($"Invalid filter: object keys are strings; got the key {Describe(e.Key)}.");
                        list.Add(new KeyValuePair<string, object?>(key, e.Value));
                    }
                    return list;
                }
                case IEnumerable<KeyValuePair<string, object?>> pairs:
                    return pairs.ToList();
                default:
                    return null;
            }
        }

        private static List<object?>? AsList(object? value)
        {
            if (value == null || value is string || value is IDictionary || value is JsonObjectData || value is FilterNode) return null;
            if (value is IEnumerable<KeyValuePair<string, object?>>) return null;
            if (value is IEnumerable enumerable) return enumerable.Cast<object?>().ToList();
            return null;
        }

        private static Dictionary<string, object?> TakeKeys(List<KeyValuePair<string, object?>> entries, string at, string what, params string[] keys)
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var e in entries)
            {
                string? key = keys.FirstOrDefault(k => string.Equals(k, e.Key, StringComparison.OrdinalIgnoreCase));
                if (key == null)
                    throw Fail(Join(at, e.Key), $"unknown key '{e.Key}' in {what}; it takes {string.Join(", ", keys.Select(k => "'" + k + "'"))}.");
                if (result.ContainsKey(key))
                    throw Fail(Join(at, key), $"'{key}' is given twice.");
                result[key] = e.Value;
            }
            return result;
        }

        private static string Example(string op) => op switch
        {
            "exists" => "{\"property\": [\"space\", \"container\", \"prop\"]}",
            "equals" => "{\"property\": [\"space\", \"container\", \"prop\"], \"value\": 1}",
            "prefix" => "{\"property\": [\"externalId\"], \"value\": \"abc\"}",
            "range" => "{\"property\": [\"space\", \"container\", \"prop\"], \"gte\": 0, \"lt\": 10}",
            _ => "{\"property\": [\"space\", \"container\", \"prop\"], \"values\": [1, 2]}",
        };

        private static string Describe(object? value)
        {
            value = Normalize(value);
            switch (value)
            {
                case null: return "null";
                case string s: return $"the string '{Truncate(s)}'";
                case bool b: return b ? "true" : "false";
                case JsonObjectData _: return "an object";
                case IDictionary _: return "an object";
                case FilterNode _: return "a filter";
            }
            if (IsNumber(value)) return "the number " + Convert.ToString(value, CultureInfo.InvariantCulture);
            if (AsList(value) != null) return "a list";
            return "a value of type " + value.GetType().FullName;
        }

        private static string Truncate(string s) => s.Length <= 60 ? s : s.Substring(0, 57) + "...";
    }
}
