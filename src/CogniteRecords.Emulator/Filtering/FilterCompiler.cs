using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    /// <summary>
    /// Validates a records filter against the reference ("Records filter language") and builds its evaluator tree.
    /// Every problem is a 400 whose message starts with the path of the offending part, e.g.
    /// "filter.and[1].range: at most one lower bound (gt or gte)".
    /// </summary>
    /// <remarks>
    /// Size: every filter object is a node (and/or/not, matchAll, hasData and each leaf alike); property
    /// references, values and container references inside a leaf are not nodes. The top-level filter has
    /// depth 1, and the filters inside an and/or/not are one deeper than it. So {"not": {"matchAll": {}}} has
    /// 2 nodes and depth 2.
    /// </remarks>
    internal sealed class FilterCompiler
    {
        public const int MaxNodes = 100;
        public const int MaxDepth = 10;
        public const int MaxBranches = 99;
        public const int MaxValues = 100;
        public const int MaxPrefixLength = 500;
        public const int MaxHasData = 10;

        private const string Operators = "and, or, not, matchAll, exists, equals, in, prefix, range, containsAny, containsAll, hasData";
        private const string TimestampShape = "YYYY-MM-DDTHH:MM:SS[.sss][Z|±hh:mm]";

        private readonly IPropertySchema _schema;
        private int _nodes;

        public FilterCompiler(IPropertySchema schema) => _schema = schema;

        public FilterEvaluator Compile(JsonElement filter, string path) => Node(filter, path, 1);

        private static ApiException Bad(string path, string message) => new(400, path + ": " + message);

        private FilterEvaluator Node(JsonElement filter, string path, int depth)
        {
            if (depth > MaxDepth)
            {
                throw Bad(path, $"the filter is nested too deep: this filter object is at depth {depth}, at most {MaxDepth} allowed");
            }

            if (++_nodes > MaxNodes)
            {
                throw Bad(path, $"the filter has too many nodes: this is filter object number {_nodes}, at most {MaxNodes} allowed");
            }

            if (filter.ValueKind != JsonValueKind.Object)
            {
                throw Bad(path, $"a filter must be a JSON object with exactly one key (one of: {Operators}), not {Describe(filter)}");
            }

            var keys = new List<JsonProperty>(1);
            foreach (JsonProperty p in filter.EnumerateObject()) keys.Add(p);
            if (keys.Count != 1)
            {
                string which = keys.Count == 0 ? "it has none" : "it has " + keys.Count + ": " + string.Join(", ", keys.Select(k => k.Name));
                throw Bad(path, $"a filter must have exactly one key (one operator); {which}. Combine filters with and/or");
            }

            JsonProperty op = keys[0];
            string opPath = path + "." + op.Name;
            switch (op.Name)
            {
                case "and":
                case "or":
                    return Branches(op.Name, op.Value, opPath, depth);
                case "not":
                    return new NotEvaluator(Node(op.Value, opPath, depth + 1));
                case "matchAll":
                    if (op.Value.ValueKind != JsonValueKind.Object || op.Value.EnumerateObject().Any())
                    {
                        throw Bad(opPath, "must be an empty object {}");
                    }

                    return MatchAllEvaluator.Instance;
                case "hasData":
                    return HasData(op.Value, opPath);
                case "exists":
                case "equals":
                case "in":
                case "prefix":
                case "range":
                case "containsAny":
                case "containsAll":
                    return Leaf(op.Name, op.Value, opPath);
                default:
                    throw Bad(path, $"unknown filter operator '{op.Name}' (known: {Operators})");
            }
        }

        private FilterEvaluator Branches(string op, JsonElement body, string path, int depth)
        {
            if (body.ValueKind != JsonValueKind.Array)
            {
                throw Bad(path, $"must be an array of 1 to {MaxBranches} filters, not {Describe(body)}");
            }

            int count = body.GetArrayLength();
            if (count < 1 || count > MaxBranches)
            {
                throw Bad(path, $"must hold 1 to {MaxBranches} filters (it has {count})");
            }

            var parts = new FilterEvaluator[count];
            int i = 0;
            foreach (JsonElement item in body.EnumerateArray())
            {
                parts[i] = Node(item, $"{path}[{i}]", depth + 1);
                i++;
            }

            if (count == 1) return parts[0];
            return op == "and" ? new AndEvaluator(parts) : new OrEvaluator(parts);
        }

        // (our choice) hasData matches a record with data in ANY of the listed containers. CDF's documentation
        // that we could find says only "has data in the provided containers"; ANY makes a list of containers the
        // same as an or of single hasData filters, and and-ing them is still possible. Containers the schema
        // reports as unknown are refused with a 400, like unknown containers in property references.
        private FilterEvaluator HasData(JsonElement body, string path)
        {
            if (body.ValueKind != JsonValueKind.Array)
            {
                throw Bad(path, $"must be an array of 1 to {MaxHasData} container references, not {Describe(body)}");
            }

            int count = body.GetArrayLength();
            if (count < 1 || count > MaxHasData)
            {
                throw Bad(path, $"must hold 1 to {MaxHasData} container references (it has {count})");
            }

            var spaces = new string[count];
            var containers = new string[count];
            int i = 0;
            foreach (JsonElement item in body.EnumerateArray())
            {
                string itemPath = $"{path}[{i}]";
                Dictionary<string, JsonElement> fields = Fields(item, itemPath, ["type", "space", "externalId"],
                    "a container reference {\"type\": \"container\", \"space\": \"...\", \"externalId\": \"...\"}");
                foreach (string name in new[] { "type", "space", "externalId" })
                {
                    if (!fields.ContainsKey(name)) throw Bad(itemPath, $"missing '{name}' in the container reference");
                }

                if (fields["type"].ValueKind != JsonValueKind.String || fields["type"].GetString() != "container")
                {
                    throw Bad(itemPath + ".type", $"must be \"container\", not {Describe(fields["type"])}");
                }

                spaces[i] = NonEmptyString(fields["space"], itemPath + ".space");
                containers[i] = NonEmptyString(fields["externalId"], itemPath + ".externalId");
                if (!_schema.ContainerExists(spaces[i], containers[i]))
                {
                    throw Bad(itemPath, $"unknown container {spaces[i]}:{containers[i]}");
                }

                i++;
            }

            return new HasDataEvaluator(spaces, containers);
        }

        private FilterEvaluator Leaf(string op, JsonElement body, string path)
        {
            string[] allowed = op switch
            {
                "exists" => ["property"],
                "equals" or "prefix" => ["property", "value"],
                "in" or "containsAny" or "containsAll" => ["property", "values"],
                _ => ["property", "gt", "gte", "lt", "lte"],
            };
            Dictionary<string, JsonElement> fields = Fields(body, path, allowed, "an object");
            if (!fields.TryGetValue("property", out JsonElement propertyJson))
            {
                throw Bad(path, "missing 'property'");
            }

            PropertyRef p = ResolveProperty(op, propertyJson, path + ".property");
            return op switch
            {
                "exists" => new ExistsEvaluator(p.Space, p.Container, p.Property),
                "equals" => InOrEquals(op, p, new[] { Required(fields, "value", path) }, path + ".value", path, single: true),
                "in" => InOrEquals(op, p, ValueList(fields, path), path + ".values", path, single: false),
                "containsAny" or "containsAll" => Contains(op, p, ValueList(fields, path), path),
                "prefix" => Prefix(p, Required(fields, "value", path), path),
                _ => Range(p, fields, path),
            };
        }

        private FilterEvaluator InOrEquals(string op, PropertyRef p, JsonElement[] values, string valuesPath, string path, bool single)
        {
            if (p.IsTopLevel)
            {
                if (p.Field is TopLevelField.Space or TopLevelField.ExternalId)
                {
                    var texts = new string[values.Length];
                    for (int i = 0; i < values.Length; i++)
                    {
                        JsonElement v = values[i];
                        if (v.ValueKind != JsonValueKind.String) throw Bad(ItemPath(valuesPath, i, single), $"expected a string for {p}, not {Describe(v)}");
                        texts[i] = v.GetString()!;
                    }

                    return new TopTextInEvaluator(p.Field, texts);
                }

                var ticks = new long[values.Length];
                for (int i = 0; i < values.Length; i++)
                {
                    ticks[i] = TopLevelTime(values[i], ItemPath(valuesPath, i, single), p);
                }

                return new TopTimeInEvaluator(p.Field, ticks);
            }

            if (p.IsList)
            {
                throw Bad(path + ".property", $"{op} needs a single-valued property; {p} is a list of {p.Type} (use containsAny or containsAll)");
            }

            for (int i = 0; i < values.Length; i++) CheckValue(values[i], p, ItemPath(valuesPath, i, single));
            return new InEvaluator(p.Space, p.Container, p.Property, ValueMatcher.Create(p.Kind, values));
        }

        private FilterEvaluator Contains(string op, PropertyRef p, JsonElement[] values, string path)
        {
            if (!p.IsList)
            {
                throw Bad(path + ".property", $"{op} needs a list property; {p} is a single {p.Type} (use equals or in)");
            }

            for (int i = 0; i < values.Length; i++) CheckValue(values[i], p, $"{path}.values[{i}]");
            ValueMatcher matcher = ValueMatcher.Create(p.Kind, values);
            return op == "containsAny"
                ? new ContainsAnyEvaluator(p.Space, p.Container, p.Property, matcher)
                : new ContainsAllEvaluator(p.Space, p.Container, p.Property, matcher);
        }

        private FilterEvaluator Prefix(PropertyRef p, JsonElement value, string path)
        {
            // (our choice) prefix takes single-valued text only, as the reference says "text properties".
            if (!p.IsTopLevel && (p.Kind != PropertyKind.Text || p.IsList))
            {
                throw Bad(path + ".property", $"prefix needs a single-valued text property; {p} is {(p.IsList ? "a list of " : "")}{p.Type}");
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                throw Bad(path + ".value", $"must be a string of 1 to {MaxPrefixLength} characters, not {Describe(value)}");
            }

            string prefix = value.GetString()!;
            if (prefix.Length < 1 || prefix.Length > MaxPrefixLength)
            {
                throw Bad(path + ".value", $"must be 1 to {MaxPrefixLength} characters long (it is {prefix.Length})");
            }

            return p.IsTopLevel
                ? new TopTextPrefixEvaluator(p.Field, prefix)
                : new PrefixEvaluator(p.Space, p.Container, p.Property, prefix);
        }

        private FilterEvaluator Range(PropertyRef p, Dictionary<string, JsonElement> fields, string path)
        {
            bool gt = fields.TryGetValue("gt", out JsonElement gtValue);
            bool gte = fields.TryGetValue("gte", out JsonElement gteValue);
            bool lt = fields.TryGetValue("lt", out JsonElement ltValue);
            bool lte = fields.TryGetValue("lte", out JsonElement lteValue);
            if (!gt && !gte && !lt && !lte) throw Bad(path, "needs at least one bound (gt, gte, lt or lte)");
            if (gt && gte) throw Bad(path, "at most one lower bound (gt or gte)");
            if (lt && lte) throw Bad(path, "at most one upper bound (lt or lte)");
            bool hasLower = gt || gte, hasUpper = lt || lte;
            JsonElement lower = gt ? gtValue : gteValue, upper = lt ? ltValue : lteValue;
            string lowerPath = path + (gt ? ".gt" : ".gte"), upperPath = path + (lt ? ".lt" : ".lte");

            if (p.IsTopLevel)
            {
                long lo = hasLower ? TopLevelTime(lower, lowerPath, p) : 0;
                long hi = hasUpper ? TopLevelTime(upper, upperPath, p) : 0;
                return new TopTimeRangeEvaluator(p.Field, new Bounds<long>(hasLower, lo, gte, hasUpper, hi, lte));
            }

            // (our choice) No range on booleans, JSON, direct relations or lists: they have no useful order.
            if (p.IsList || p.Kind is PropertyKind.Boolean or PropertyKind.Json or PropertyKind.Direct)
            {
                throw Bad(path + ".property",
                    $"range needs a single-valued number, timestamp, date or text property; {p} is {(p.IsList ? "a list of " : "")}{p.Type}");
            }

            switch (p.Kind)
            {
                case PropertyKind.Number:
                {
                    Num lo = hasLower ? RangeNumber(lower, lowerPath, p) : default;
                    Num hi = hasUpper ? RangeNumber(upper, upperPath, p) : default;
                    return new NumberRangeEvaluator(p.Space, p.Container, p.Property, new Bounds<Num>(hasLower, lo, gte, hasUpper, hi, lte));
                }

                case PropertyKind.Timestamp:
                case PropertyKind.Date:
                {
                    bool isDate = p.Kind == PropertyKind.Date;
                    long lo = hasLower ? RangeTime(lower, lowerPath, p, isDate) : 0;
                    long hi = hasUpper ? RangeTime(upper, upperPath, p, isDate) : 0;
                    return new TimeRangeEvaluator(p.Space, p.Container, p.Property, isDate, new Bounds<long>(hasLower, lo, gte, hasUpper, hi, lte));
                }

                default:
                {
                    // (our choice) range on text compares in code point order; the reference allows string bounds.
                    byte[]? lo = hasLower ? RangeText(lower, lowerPath, p) : null;
                    byte[]? hi = hasUpper ? RangeText(upper, upperPath, p) : null;
                    return new TextRangeEvaluator(p.Space, p.Container, p.Property, lo, gte, hi, lte);
                }
            }
        }

        private static Num RangeNumber(JsonElement v, string path, PropertyRef p)
        {
            if (!Num.TryRead(v, out Num n)) throw Bad(path, $"expected a number for {p} ({p.Type}), not {Describe(v)}");
            return n;
        }

        // (our choice) A timestamp property's range bounds may be ISO timestamps, dates (midnight UTC) or epoch
        // milliseconds; a date property's bounds must be dates.
        private static long RangeTime(JsonElement v, string path, PropertyRef p, bool isDate)
        {
            if (isDate)
            {
                if (!FilterValues.TryReadDate(v, out long days)) throw Bad(path, $"expected a date (YYYY-MM-DD) for {p}, not {Describe(v)}");
                return days;
            }

            if (!FilterValues.TryReadInstant(v, allowNumber: true, allowDate: true, out long ticks, strict: true))
            {
                throw Bad(path, $"expected a timestamp ({TimestampShape}), a date (YYYY-MM-DD) or epoch milliseconds for {p}, not {Describe(v)}");
            }

            return ticks;
        }

        private static byte[] RangeText(JsonElement v, string path, PropertyRef p)
        {
            if (v.ValueKind != JsonValueKind.String) throw Bad(path, $"expected a string for {p} (text), not {Describe(v)}");
            return Encoding.UTF8.GetBytes(v.GetString()!);
        }

        // createdTime/lastUpdatedTime: epoch milliseconds (a number) or an ISO timestamp; (our choice) a date
        // (midnight UTC) is also accepted.
        private static long TopLevelTime(JsonElement v, string path, PropertyRef p)
        {
            if (!FilterValues.TryReadInstant(v, allowNumber: true, allowDate: true, out long ticks, strict: true))
            {
                throw Bad(path, $"expected epoch milliseconds or a timestamp ({TimestampShape}) for {p}, not {Describe(v)}");
            }

            return ticks;
        }

        /// <summary>A value compared with a container property (equals, in, containsAny, containsAll).</summary>
        /// <remarks>
        /// (our choice) A value that cannot be of the property's type is a 400 rather than a filter that never
        /// matches: it is almost always a mistake. Numbers are not checked for integrality against int32/int64
        /// (1.5 simply matches nothing), and timestamp properties also take epoch milliseconds, as range does.
        /// </remarks>
        private static void CheckValue(JsonElement v, PropertyRef p, string path)
        {
            if (v.ValueKind == JsonValueKind.Null)
            {
                throw Bad(path, "must not be null (use exists, or not exists, to test for a value)");
            }

            string? expected = p.Kind switch
            {
                PropertyKind.Text when v.ValueKind != JsonValueKind.String => "a string",
                PropertyKind.Boolean when v.ValueKind is not (JsonValueKind.True or JsonValueKind.False) => "true or false",
                PropertyKind.Number when !Num.TryRead(v, out _) => "a number",
                PropertyKind.Timestamp when !FilterValues.TryReadInstant(v, allowNumber: true, allowDate: false, out _, strict: true) =>
                    $"a timestamp ({TimestampShape}) or epoch milliseconds",
                PropertyKind.Date when !FilterValues.TryReadDate(v, out _) => "a date (YYYY-MM-DD)",
                PropertyKind.Direct when !IsExactDirectRelation(v) => "a direct relation {\"space\": \"...\", \"externalId\": \"...\"}",
                _ => null,
            };
            if (expected != null)
            {
                throw Bad(path, $"expected {expected} for {p} ({p.Type}), not {Describe(v)}");
            }
        }

        private static bool IsExactDirectRelation(JsonElement v)
        {
            if (!FilterValues.IsDirectRelation(v, out _, out _)) return false;
            foreach (JsonProperty f in v.EnumerateObject())
            {
                if (f.Name != "space" && f.Name != "externalId") return false;
            }

            return true;
        }

        private static JsonElement[] ValueList(Dictionary<string, JsonElement> fields, string path)
        {
            JsonElement values = Required(fields, "values", path);
            if (values.ValueKind != JsonValueKind.Array)
            {
                throw Bad(path + ".values", $"must be an array of 1 to {MaxValues} values, not {Describe(values)}");
            }

            int count = values.GetArrayLength();
            if (count < 1 || count > MaxValues)
            {
                throw Bad(path + ".values", $"must hold 1 to {MaxValues} values (it has {count})");
            }

            return values.EnumerateArray().ToArray();
        }

        private static JsonElement Required(Dictionary<string, JsonElement> fields, string name, string path)
        {
            if (!fields.TryGetValue(name, out JsonElement v)) throw Bad(path, $"missing '{name}'");
            return v;
        }

        private static string ItemPath(string valuesPath, int i, bool single) => single ? valuesPath : $"{valuesPath}[{i}]";

        /// <summary>An object's fields, refusing unknown and repeated ones.</summary>
        private static Dictionary<string, JsonElement> Fields(JsonElement body, string path, string[] allowed, string shape)
        {
            if (body.ValueKind != JsonValueKind.Object)
            {
                throw Bad(path, $"must be {shape}, not {Describe(body)}");
            }

            var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (JsonProperty f in body.EnumerateObject())
            {
                if (Array.IndexOf(allowed, f.Name) < 0)
                {
                    throw Bad(path, $"unknown field '{f.Name}' (allowed: {string.Join(", ", allowed)})");
                }

                if (!fields.TryAdd(f.Name, f.Value)) throw Bad(path, $"field '{f.Name}' appears more than once");
            }

            return fields;
        }

        private static string NonEmptyString(JsonElement v, string path)
        {
            if (v.ValueKind != JsonValueKind.String || v.GetString()!.Length == 0)
            {
                throw Bad(path, $"must be a non-empty string, not {Describe(v)}");
            }

            return v.GetString()!;
        }

        private static readonly Dictionary<string, TopLevelField> TopLevelFields = new(StringComparer.Ordinal)
        {
            ["space"] = TopLevelField.Space,
            ["externalId"] = TopLevelField.ExternalId,
            ["createdTime"] = TopLevelField.CreatedTime,
            ["lastUpdatedTime"] = TopLevelField.LastUpdatedTime,
        };

        /// <summary>The reference's table: which top-level fields each operator takes.</summary>
        private static string[] TopLevelFieldsFor(string op) => op switch
        {
            "equals" or "in" => ["space", "externalId", "createdTime", "lastUpdatedTime"],
            "prefix" => ["space", "externalId"],
            "range" => ["createdTime", "lastUpdatedTime"],
            _ => [],
        };

        // (our choice) A reference to a container or property the schema does not know is a 400 naming it: a
        // filter on it could never match, and CDF validates filters against its containers.
        private PropertyRef ResolveProperty(string op, JsonElement v, string path)
        {
            const string Shape = "an array of 3 strings [space, container, property] or of 1 string naming a top-level field";
            if (v.ValueKind != JsonValueKind.Array) throw Bad(path, $"must be {Shape}, not {Describe(v)}");
            int count = v.GetArrayLength();
            if (count != 1 && count != 3) throw Bad(path, $"must be {Shape}; it has {count} items");
            var parts = new string[count];
            int i = 0;
            foreach (JsonElement item in v.EnumerateArray())
            {
                parts[i] = NonEmptyString(item, $"{path}[{i}]");
                i++;
            }

            if (count == 1)
            {
                string[] allowed = TopLevelFieldsFor(op);
                if (!TopLevelFields.TryGetValue(parts[0], out TopLevelField field))
                {
                    throw Bad(path, $"'{parts[0]}' is not a top-level field (they are: space, externalId, createdTime, lastUpdatedTime); "
                        + "a container property is referenced as [space, container, property]");
                }

                if (Array.IndexOf(allowed, parts[0]) < 0)
                {
                    string which = allowed.Length == 0
                        ? "it takes container properties only, as [space, container, property]"
                        : $"top-level fields allowed with {op}: {string.Join(", ", allowed)}";
                    throw Bad(path, $"{op} does not take the top-level field '{parts[0]}'; {which}");
                }

                return new PropertyRef(true, field, "", "", parts[0], "", PropertyKind.Text, false);
            }

            if (!_schema.TryGetPropertyType(parts[0], parts[1], parts[2], out string type, out bool isList))
            {
                string why = _schema.ContainerExists(parts[0], parts[1])
                    ? $"no property '{parts[2]}' in container {parts[0]}:{parts[1]}"
                    : $"there is no container {parts[0]}:{parts[1]}";
                throw Bad(path, $"unknown property [{parts[0]}, {parts[1]}, {parts[2]}]: {why}");
            }

            return new PropertyRef(false, default, parts[0], parts[1], parts[2], type, FilterValues.KindOf(type), isList);
        }

        /// <summary>A short description of a JSON value for messages: its kind, and the value when short.</summary>
        internal static string Describe(JsonElement v)
        {
            switch (v.ValueKind)
            {
                case JsonValueKind.Object: return "an object";
                case JsonValueKind.Array: return "an array";
                case JsonValueKind.Null: return "null";
                case JsonValueKind.True: return "true";
                case JsonValueKind.False: return "false";
                case JsonValueKind.Undefined: return "nothing";
                default:
                    string raw = v.GetRawText();
                    return raw.Length <= 40 ? raw : raw.Substring(0, 37) + "...";
            }
        }

        private readonly record struct PropertyRef(
            bool IsTopLevel, TopLevelField Field, string Space, string Container, string Property,
            string Type, PropertyKind Kind, bool IsList)
        {
            public override string ToString() => IsTopLevel ? Property : $"[{Space}, {Container}, {Property}]";
        }
    }
}
