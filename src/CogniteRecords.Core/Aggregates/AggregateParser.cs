using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using CogniteRecords.Core.Filters;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Core.Aggregates
{
    /// <summary>
    /// Reads an aggregate tree in the API's shape from plain .NET data (dictionaries with string keys, lists, strings,
    /// numbers) or a JSON string, and refuses anything the API would refuse, naming the part:
    /// "aggregates.byPlant.uniqueValues.size: ...". Throws <see cref="CdfArgumentException"/> (InvalidAggregate).
    /// </summary>
    public static class AggregateParser
    {
        public const int MaxDepth = 5;
        public const int MaxPerLevel = 5;
        public const int MaxUniqueValuesSize = 2000;
        public const int MaxFilterBuckets = 10;

        public static readonly IReadOnlyList<string> Kinds = new[] { "count", "avg", "min", "max", "sum", "uniqueValues", "numberHistogram", "timeHistogram", "filters", "movingFunction" };
        public static readonly IReadOnlyList<string> CalendarIntervals = new[] { "1s", "1m", "1h", "1d", "1w", "1M", "1q", "1y" };
        public static readonly IReadOnlyList<string> MovingFunctions = new[] { "max", "min", "sum", "unweightedAvg", "linearWeightedAvg" };
        private static readonly Regex FixedIntervalShape = new Regex("^([0-9]{1,9})([smhd])$", RegexOptions.CultureInvariant);

        /// <summary>The top-level aggregates: <c>@{ id = @{ avg = @{ property = ... } }; ... }</c>.</summary>
        public static IReadOnlyList<KeyValuePair<string, AggregateSpec>> Parse(object? value)
        {
            if (value is string json) value = FromJson(json);
            return Level(value, "aggregates", 1, insideHistogram: false);
        }

        /// <summary>Checks a tree built in code (by the cmdlet's switches) by the same rules.</summary>
        public static void Check(IReadOnlyList<KeyValuePair<string, AggregateSpec>> level) => CheckLevel(level, "aggregates", 1, false);

        internal static CdfArgumentException Bad(string path, string message) =>
            new CdfArgumentException("InvalidAggregate", "Aggregate", path + ": " + message);

        /// <summary>Whether a calendar or fixed interval string is one the API takes.</summary>
        public static string? CheckFixedInterval(string text)
        {
            var m = FixedIntervalShape.Match(text ?? "");
            if (!m.Success || long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) < 1)
                return $"'{text}' is not a fixed interval: give a whole number and a unit s, m, h or d (for example 3m, 400h, 25d).";
            return null;
        }

        /// <summary>The length of a fixed interval in milliseconds (after <see cref="CheckFixedInterval"/>).</summary>
        public static long FixedIntervalMs(string text)
        {
            var m = FixedIntervalShape.Match(text);
            long n = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return n * (m.Groups[2].Value switch { "s" => 1000L, "m" => 60_000L, "h" => 3_600_000L, _ => 86_400_000L });
        }

        private static List<KeyValuePair<string, AggregateSpec>> Level(object? value, string path, int depth, bool insideHistogram)
        {
            if (depth > MaxDepth) throw Bad(path, $"aggregates are nested too deep: this is level {depth}, at most {MaxDepth} levels allowed.");
            var entries = Entries(value) ?? throw Bad(path, "expected a hashtable of aggregate ids to aggregates, such as @{ avgTemp = @{ avg = @{ property = 'sp/c/temperature' } } }.");
            var level = new List<KeyValuePair<string, AggregateSpec>>();
            foreach (var e in entries)
                level.Add(new KeyValuePair<string, AggregateSpec>(e.Key, Aggregate(e.Value, path + "." + e.Key, depth, insideHistogram)));
            CheckLevel(level, path, depth, insideHistogram);
            return level;
        }

        private static void CheckLevel(IReadOnlyList<KeyValuePair<string, AggregateSpec>> level, string path, int depth, bool insideHistogram)
        {
            if (depth > MaxDepth) throw Bad(path, $"aggregates are nested too deep: this is level {depth}, at most {MaxDepth} levels allowed.");
            if (level.Count == 0) throw Bad(path, "give at least one aggregate.");
            if (level.Count > MaxPerLevel) throw Bad(path, $"at most {MaxPerLevel} aggregates on one level; this one has {level.Count}.");
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var kv in level)
            {
                string id = kv.Key, at = path + "." + id;
                if (id.Length == 0) throw Bad(path, "an aggregate id must not be empty.");
                if (id.IndexOf('.') >= 0) throw Bad(at, $"the aggregate id '{id}' must not contain '.'.");
                if (id == "_count" || id == "_bucket_count") throw Bad(at, $"'{id}' is reserved and cannot be an aggregate id.");
                if (!ids.Add(id)) throw Bad(at, $"the aggregate id '{id}' is used twice on this level.");
                var spec = kv.Value;
                if (spec.Kind == "movingFunction")
                {
                    if (!insideHistogram) throw Bad(at + ".movingFunction", "movingFunction is allowed only in the aggregates of a numberHistogram or timeHistogram.");
                    if (spec.BucketsPath != "_count" && !level.Any(o => o.Key == spec.BucketsPath && o.Value.IsMetric))
                        throw Bad(at + ".movingFunction.bucketsPath", $"'{spec.BucketsPath}' must name a sibling metric aggregate (count, avg, min, max, sum) on this level, or be '_count'.");
                }
                if (spec.Aggregates.Count > 0) CheckLevel(spec.Aggregates, at + "." + spec.Kind + ".aggregates", depth + 1, spec.IsHistogram);
            }
        }

        private static AggregateSpec Aggregate(object? value, string path, int depth, bool insideHistogram)
        {
            var entries = Entries(value);
            if (entries == null || entries.Count != 1)
                throw Bad(path, $"an aggregate is a hashtable with exactly one key, its kind ({string.Join(", ", Kinds)}).");
            string kind = Kinds.FirstOrDefault(k => string.Equals(k, entries[0].Key, StringComparison.OrdinalIgnoreCase))
                ?? throw Bad(path, $"unknown aggregate '{entries[0].Key}' (known: {string.Join(", ", Kinds)}).");
            string at = path + "." + kind;
            var fields = Entries(entries[0].Value) ?? throw Bad(at, "expected a hashtable of the aggregate's fields.");
            var spec = new AggregateSpec(kind);
            string[] allowed = kind switch
            {
                "count" or "avg" or "min" or "max" or "sum" => new[] { "property" },
                "uniqueValues" => new[] { "property", "size", "aggregates" },
                "numberHistogram" => new[] { "property", "interval", "hardBounds", "aggregates" },
                "timeHistogram" => new[] { "property", "calendarInterval", "fixedInterval", "hardBounds", "aggregates" },
                "filters" => new[] { "filters", "aggregates" },
                _ => new[] { "bucketsPath", "window", "function" },
            };
            var byName = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var f in fields)
            {
                string? name = allowed.FirstOrDefault(a => string.Equals(a, f.Key, StringComparison.OrdinalIgnoreCase));
                if (name == null) throw Bad(at, $"unknown field '{f.Key}' (allowed: {string.Join(", ", allowed)}).");
                byName[name] = f.Value;
            }
            if (byName.TryGetValue("property", out var p)) spec.Property = Property(p, at + ".property");
            else if (kind != "count" && allowed.Contains("property")) throw Bad(at, "missing 'property'.");

            switch (kind)
            {
                case "uniqueValues":
                    if (byName.TryGetValue("size", out var size))
                    {
                        if (!TryInt(size, out int n) || n < 1 || n > MaxUniqueValuesSize)
                            throw Bad(at + ".size", $"must be a whole number from 1 to {MaxUniqueValuesSize}, not '{size}'.");
                        spec.Size = n;
                    }
                    break;
                case "numberHistogram":
                    if (!byName.TryGetValue("interval", out var interval)) throw Bad(at, "missing 'interval'.");
                    if (!TryDouble(interval, out double iv) || !(iv > 0) || double.IsInfinity(iv)) throw Bad(at + ".interval", $"must be a number greater than 0, not '{interval}'.");
                    spec.Interval = iv;
                    Bounds(spec, byName, at, time: false);
                    break;
                case "timeHistogram":
                    bool hasCalendar = byName.TryGetValue("calendarInterval", out var cal), hasFixed = byName.TryGetValue("fixedInterval", out var fix);
                    if (hasCalendar == hasFixed) throw Bad(at, "give exactly one of 'calendarInterval' and 'fixedInterval'.");
                    if (hasCalendar)
                    {
                        if (!(cal is string c) || !CalendarIntervals.Contains(c)) throw Bad(at + ".calendarInterval", $"must be one of {string.Join(", ", CalendarIntervals)}, not '{cal}'.");
                        spec.CalendarInterval = c;
                    }
                    else
                    {
                        var why = fix is string f ? CheckFixedInterval(f) : "it must be a string such as 3m.";
                        if (why != null) throw Bad(at + ".fixedInterval", why);
                        spec.FixedInterval = (string)fix!;
                    }
                    Bounds(spec, byName, at, time: true);
                    break;
                case "filters":
                    if (!byName.TryGetValue("filters", out var list)) throw Bad(at, "missing 'filters'.");
                    var items = Entries(list) == null ? list as IList : null;
                    if (items == null || items.Count < 1 || items.Count > MaxFilterBuckets)
                        throw Bad(at + ".filters", $"must be a list of 1 to {MaxFilterBuckets} filters.");
                    var filters = new List<FilterNode>();
                    for (int i = 0; i < items.Count; i++)
                    {
                        try { filters.Add(FilterParser.Parse(items[i])); }
                        catch (FilterValidationException e) { throw Bad($"{at}.filters[{i}]", e.Message); }
                    }
                    spec.Filters = filters;
                    break;
                case "movingFunction":
                    if (!byName.TryGetValue("bucketsPath", out var bp) || !(bp is string bps) || bps.Length == 0)
                        throw Bad(at + ".bucketsPath", "is required: the id of a sibling metric aggregate, or '_count'.");
                    spec.BucketsPath = bps;
                    if (!byName.TryGetValue("window", out var w) || !TryInt(w, out int window) || window < 1)
                        throw Bad(at + ".window", "is required: a whole number of buckets, at least 1.");
                    spec.Window = window;
                    string? fn = byName.TryGetValue("function", out var fv) ? fv as string : null;
                    string? name = MovingFunctions.FirstOrDefault(m => fn != null && (fn == m || fn == "MovingFunctions." + m));
                    if (name == null) throw Bad(at + ".function", "is required: one of " + string.Join(", ", MovingFunctions.Select(m => "MovingFunctions." + m)) + ".");
                    spec.Function = name;
                    break;
            }
            if (byName.TryGetValue("aggregates", out var sub))
                spec.Aggregates = Level(sub, at + ".aggregates", depth + 1, spec.IsHistogram);
            return spec;
        }

        private static void Bounds(AggregateSpec spec, Dictionary<string, object?> byName, string at, bool time)
        {
            if (!byName.TryGetValue("hardBounds", out var b)) return;
            var entries = Entries(b) ?? throw Bad(at + ".hardBounds", "expected a hashtable with 'min', 'max' or both.");
            foreach (var e in entries)
            {
                string? name = string.Equals(e.Key, "min", StringComparison.OrdinalIgnoreCase) ? "min" : string.Equals(e.Key, "max", StringComparison.OrdinalIgnoreCase) ? "max" : null;
                if (name == null) throw Bad(at + ".hardBounds", $"unknown field '{e.Key}' (allowed: min, max).");
                double v;
                if (time ? !TryTime(e.Value, out v) : !TryDouble(e.Value, out v))
                    throw Bad($"{at}.hardBounds.{name}", time ? $"must be a time (a [datetime], a timestamp string or epoch milliseconds), not '{e.Value}'." : $"must be a number, not '{e.Value}'.");
                if (name == "min") spec.HardMin = v; else spec.HardMax = v;
            }
            if (spec.HardMin == null && spec.HardMax == null) throw Bad(at + ".hardBounds", "give 'min', 'max' or both.");
            if (spec.HardMin > spec.HardMax) throw Bad(at + ".hardBounds", "'min' must not be greater than 'max'.");
        }

        private static PropertyReference Property(object? value, string path)
        {
            try { return FilterParser.ParseProperty(value); }
            catch (FilterValidationException e) { throw Bad(path, e.Message); }
        }

        private static IReadOnlyList<KeyValuePair<string, object?>>? Entries(object? value)
        {
            switch (value)
            {
                case IReadOnlyList<KeyValuePair<string, object?>> list:
                    return list;
                case IDictionary d:
                    var result = new List<KeyValuePair<string, object?>>();
                    foreach (DictionaryEntry e in d)
                    {
                        if (!(e.Key is string k)) return null;
                        result.Add(new KeyValuePair<string, object?>(k, e.Value));
                    }
                    return result;
                default:
                    return null;
            }
        }

        private static bool TryDouble(object? v, out double d)
        {
            d = 0;
            if (v == null || v is string || v is bool) return false;
            if (!(v is IConvertible c)) return false;
            try { d = c.ToDouble(CultureInfo.InvariantCulture); return !double.IsNaN(d); }
            catch (Exception e) when (e is FormatException || e is InvalidCastException || e is OverflowException) { return false; }
        }

        private static bool TryInt(object? v, out int n)
        {
            n = 0;
            if (!TryDouble(v, out double d) || d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue) return false;
            n = (int)d;
            return true;
        }

        private static bool TryTime(object? v, out double ms)
        {
            ms = 0;
            switch (v)
            {
                case DateTimeOffset o: ms = o.ToUnixTimeMilliseconds(); return true;
                case DateTime t: ms = new DateTimeOffset(t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t).ToUnixTimeMilliseconds(); return true;
                case string s:
                    if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var p)) return false;
                    ms = p.ToUnixTimeMilliseconds();
                    return true;
                default:
                    return TryDouble(v, out ms) && ms == Math.Floor(ms);
            }
        }

        private static object? FromJson(string json)
        {
            try
            {
                using var doc = JsonDocument.Parse(json);
                return Plain(doc.RootElement);
            }
            catch (JsonException e)
            {
                throw Bad("aggregates", "the text is not valid JSON: " + e.Message);
            }
        }

        private static object? Plain(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Object => e.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, Plain(p.Value))).ToList(),
            JsonValueKind.Array => e.EnumerateArray().Select(Plain).ToList(),
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Number => e.TryGetInt64(out long l) ? l : (object)e.GetDouble(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };
    }
}
