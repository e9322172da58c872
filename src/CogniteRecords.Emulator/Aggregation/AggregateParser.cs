using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using CogniteRecords.Emulator.Api;
using CogniteRecords.Emulator.Filtering;

namespace CogniteRecords.Emulator.Aggregation
{
    /// <summary>
    /// Validates the <c>aggregates</c> of an aggregate request against the reference ("Aggregate") and builds
    /// the tree of <see cref="AggregateNode"/>s. Every problem is a 400 whose message starts with the path of the
    /// offending part, e.g. "aggregates.byPlant.uniqueValues.size: must be an integer from 1 to 2000".
    /// </summary>
    /// <remarks>
    /// Levels: the request's own <c>aggregates</c> are level 1, those inside a bucket aggregate one deeper; at
    /// most 5 levels and 5 aggregates in one <c>aggregates</c> object.
    /// </remarks>
    internal sealed partial class AggregateParser
    {
        public const int MaxDepth = 5;
        public const int MaxPerLevel = 5;
        public const int MaxUniqueValuesSize = 2000;
        public const int MaxFilterBuckets = 10;

        private const string Kinds = "count, avg, min, max, sum, uniqueValues, numberHistogram, timeHistogram, filters, movingFunction";
        private static readonly string[] CalendarIntervals = ["1s", "1m", "1h", "1d", "1w", "1M", "1q", "1y"];
        private static readonly string[] MovingFunctions =
            ["MovingFunctions.max", "MovingFunctions.min", "MovingFunctions.sum", "MovingFunctions.unweightedAvg", "MovingFunctions.linearWeightedAvg"];

        private readonly IPropertySchema _schema;

        public AggregateParser(IPropertySchema schema) => _schema = schema;

        public static ApiException Bad(string path, string message) => new(400, path + ": " + message);

        /// <summary>The request's top-level <c>aggregates</c> (required).</summary>
        public IReadOnlyList<AggregateNode> ParseRequest(JsonElement body)
        {
            if (!body.TryGetProperty("aggregates", out JsonElement aggregates) || aggregates.ValueKind == JsonValueKind.Null)
                throw Json.Bad("Missing required field 'aggregates'.");
            return Level(aggregates, "aggregates", 1, insideHistogram: false);
        }

        private List<AggregateNode> Level(JsonElement aggregates, string path, int depth, bool insideHistogram)
        {
            if (depth > MaxDepth)
                throw Bad(path, $"aggregates are nested too deep: this is level {depth}, at most {MaxDepth} levels allowed");
            if (aggregates.ValueKind != JsonValueKind.Object)
                throw Bad(path, "must be an object mapping aggregate ids to aggregates");
            var nodes = new List<AggregateNode>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty entry in aggregates.EnumerateObject())
            {
                string id = entry.Name;
                string idPath = path + "." + id;
                if (id.Length == 0) throw Bad(path, "an aggregate id must not be empty");
                if (id.Contains('.')) throw Bad(idPath, $"the aggregate id '{id}' must not contain '.'");
                if (id is "_count" or "_bucket_count") throw Bad(idPath, $"'{id}' is reserved and cannot be an aggregate id");
                if (!ids.Add(id)) throw Bad(idPath, $"the aggregate id '{id}' is used twice on this level");
                if (ids.Count > MaxPerLevel)
                    throw Bad(path, $"at most {MaxPerLevel} aggregates on one level; this one has {aggregates.EnumerateObject().Count()}");
                AggregateNode node = Aggregate(id, entry.Value, idPath, depth, insideHistogram);
                node.Path = idPath;
                nodes.Add(node);
            }

            if (nodes.Count == 0) throw Bad(path, "must hold at least one aggregate");
            foreach (MovingFunctionNode moving in nodes.OfType<MovingFunctionNode>())
            {
                if (moving.BucketsPath == "_count") continue;
                AggregateNode? target = nodes.FirstOrDefault(n => n.Id == moving.BucketsPath);
                if (target is not MetricNode)
                {
                    string why = target == null ? "there is no aggregate with that id on this level" : "it is not a metric (count, avg, min, max, sum)";
                    throw Bad($"{path}.{moving.Id}.movingFunction.bucketsPath",
                        $"'{moving.BucketsPath}' must name a sibling metric aggregate or be '_count'; {why}");
                }
            }

            return nodes;
        }

        private AggregateNode Aggregate(string id, JsonElement aggregate, string path, int depth, bool insideHistogram)
        {
            if (aggregate.ValueKind != JsonValueKind.Object)
                throw Bad(path, $"an aggregate must be an object with exactly one key (one of: {Kinds})");
            var keys = aggregate.EnumerateObject().ToList();
            if (keys.Count != 1)
                throw Bad(path, $"an aggregate must have exactly one key (one of: {Kinds}); it has {keys.Count}");
            string kind = keys[0].Name;
            JsonElement spec = keys[0].Value;
            string at = path + "." + kind;
            switch (kind)
            {
                case "count":
                {
                    Fields(spec, at, "property");
                    AggregateProperty? p = spec.TryGetProperty("property", out JsonElement pj)
                        ? AggregateProperty.Resolve(pj, at + ".property", _schema, kind,
                            AggregateValueKind.Number, AggregateValueKind.Text, AggregateValueKind.Boolean, AggregateValueKind.Time, AggregateValueKind.Other)
                        : null;
                    return new MetricNode(id, kind, p);
                }

                case "avg":
                case "sum":
                    Fields(spec, at, "property");
                    return new MetricNode(id, kind, Property(spec, at, kind, AggregateValueKind.Number));
                case "min":
                case "max":
                    Fields(spec, at, "property");
                    return new MetricNode(id, kind, Property(spec, at, kind, AggregateValueKind.Number, AggregateValueKind.Time));
                case "uniqueValues":
                {
                    Fields(spec, at, "property", "size", "aggregates");
                    AggregateProperty p = Property(spec, at, kind, AggregateValueKind.Text, AggregateValueKind.Number, AggregateValueKind.Boolean);
                    int size = 10;
                    if (spec.TryGetProperty("size", out JsonElement s))
                    {
                        if (s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out size) || size < 1 || size > MaxUniqueValuesSize)
                            throw Bad(at + ".size", $"must be an integer from 1 to {MaxUniqueValuesSize}, not {s.GetRawText()}");
                    }

                    return new UniqueValuesNode(id, p, size, Children(spec, at, depth, histogram: false));
                }

                case "numberHistogram":
                {
                    Fields(spec, at, "property", "interval", "hardBounds", "aggregates");
                    AggregateProperty p = Property(spec, at, kind, AggregateValueKind.Number);
                    if (!spec.TryGetProperty("interval", out JsonElement iv))
                        throw Bad(at, "missing 'interval'");
                    if (iv.ValueKind != JsonValueKind.Number || !iv.TryGetDouble(out double interval) || !(interval > 0) || double.IsInfinity(interval))
                        throw Bad(at + ".interval", $"must be a number greater than 0, not {iv.GetRawText()}");
                    var (min, max) = Bounds(spec, at, time: false);
                    return new NumberHistogramNode(id, p, interval, min, max, Children(spec, at, depth, histogram: true));
                }

                case "timeHistogram":
                {
                    Fields(spec, at, "property", "calendarInterval", "fixedInterval", "hardBounds", "aggregates");
                    AggregateProperty p = Property(spec, at, kind, AggregateValueKind.Time);
                    bool hasCalendar = spec.TryGetProperty("calendarInterval", out JsonElement cal);
                    bool hasFixed = spec.TryGetProperty("fixedInterval", out JsonElement fix);
                    if (hasCalendar == hasFixed)
                        throw Bad(at, "give exactly one of 'calendarInterval' and 'fixedInterval'");
                    TimeInterval interval;
                    if (hasCalendar)
                    {
                        string? c = cal.ValueKind == JsonValueKind.String ? cal.GetString() : null;
                        if (c == null || Array.IndexOf(CalendarIntervals, c) < 0)
                            throw Bad(at + ".calendarInterval", $"must be one of {string.Join(", ", CalendarIntervals)}, not {cal.GetRawText()}");
                        interval = TimeInterval.Calendar(c);
                    }
                    else
                    {
                        string? f = fix.ValueKind == JsonValueKind.String ? fix.GetString() : null;
                        Match m = f == null ? Match.Empty : FixedIntervalShape().Match(f);
                        if (!m.Success || !long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long n) || n < 1)
                            throw Bad(at + ".fixedInterval", $"must be a whole number followed by a unit s, m, h or d (for example \"3m\", \"400h\", \"25d\"), not {fix.GetRawText()}");
                        long unit = m.Groups[2].Value switch { "s" => 1000L, "m" => 60_000L, "h" => 3_600_000L, _ => 86_400_000L };
                        interval = TimeInterval.Fixed(checked(n * unit));
                    }

                    var (min, max) = Bounds(spec, at, time: true);
                    return new TimeHistogramNode(id, p, interval, min, max, Children(spec, at, depth, histogram: true));
                }

                case "filters":
                {
                    Fields(spec, at, "filters", "aggregates");
                    if (!spec.TryGetProperty("filters", out JsonElement list)) throw Bad(at, "missing 'filters'");
                    if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() < 1 || list.GetArrayLength() > MaxFilterBuckets)
                        throw Bad(at + ".filters", $"must be an array of 1 to {MaxFilterBuckets} filters");
                    var filters = new List<RecordFilterEvaluator>();
                    int i = 0;
                    foreach (JsonElement f in list.EnumerateArray())
                        filters.Add(RecordFilterEvaluator.Compile(f, _schema, $"{at}.filters[{i++}]"));
                    return new FiltersNode(id, filters, Children(spec, at, depth, histogram: false));
                }

                case "movingFunction":
                {
                    if (!insideHistogram)
                        throw Bad(at, "movingFunction is allowed only in the aggregates of a numberHistogram or timeHistogram");
                    Fields(spec, at, "bucketsPath", "window", "function");
                    if (!spec.TryGetProperty("bucketsPath", out JsonElement bp) || bp.ValueKind != JsonValueKind.String || bp.GetString()!.Length == 0)
                        throw Bad(at + ".bucketsPath", "is required: the id of a sibling metric aggregate, or '_count'");
                    if (!spec.TryGetProperty("window", out JsonElement w) || w.ValueKind != JsonValueKind.Number || !w.TryGetInt32(out int window) || window < 1)
                        throw Bad(at + ".window", "is required: a whole number of buckets, at least 1");
                    if (!spec.TryGetProperty("function", out JsonElement fn) || fn.ValueKind != JsonValueKind.String || Array.IndexOf(MovingFunctions, fn.GetString()) < 0)
                        throw Bad(at + ".function", $"is required: one of {string.Join(", ", MovingFunctions)}");
                    return new MovingFunctionNode(id, bp.GetString()!, window, fn.GetString()!["MovingFunctions.".Length..]);
                }

                default:
                    throw Bad(path, $"unknown aggregate '{kind}' (known: {Kinds})");
            }
        }

        private List<AggregateNode> Children(JsonElement spec, string at, int depth, bool histogram)
        {
            return spec.TryGetProperty("aggregates", out JsonElement sub)
                ? Level(sub, at + ".aggregates", depth + 1, histogram)
                : [];
        }

        private AggregateProperty Property(JsonElement spec, string at, string kind, params AggregateValueKind[] accepted)
        {
            if (!spec.TryGetProperty("property", out JsonElement p)) throw Bad(at, "missing 'property'");
            return AggregateProperty.Resolve(p, at + ".property", _schema, kind, accepted);
        }

        private static void Fields(JsonElement spec, string at, params string[] allowed)
        {
            if (spec.ValueKind != JsonValueKind.Object) throw Bad(at, "must be an object");
            foreach (JsonProperty p in spec.EnumerateObject())
            {
                if (Array.IndexOf(allowed, p.Name) < 0)
                    throw Bad(at, $"unknown field '{p.Name}' (allowed: {string.Join(", ", allowed)})");
            }
        }

        private static (double? Min, double? Max) Bounds(JsonElement spec, string at, bool time)
        {
            if (!spec.TryGetProperty("hardBounds", out JsonElement b)) return (null, null);
            string path = at + ".hardBounds";
            Fields(b, path, "min", "max");
            double? min = Bound(b, "min", path, time), max = Bound(b, "max", path, time);
            if (min == null && max == null) throw Bad(path, "give 'min', 'max' or both");
            if (min > max) throw Bad(path, "'min' must not be greater than 'max'");
            return (min, max);
        }

        private static double? Bound(JsonElement b, string name, string path, bool time)
        {
            if (!b.TryGetProperty(name, out JsonElement v)) return null;
            if (time)
            {
                if (RecordFilterEvaluator.TryReadEpochMilliseconds(v, out long ms)) return ms;
                throw Bad(path + "." + name, $"must be epoch milliseconds or a timestamp YYYY-MM-DDTHH:MM:SS[.sss][Z|±hh:mm], not {v.GetRawText()}");
            }

            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && double.IsFinite(d)) return d;
            throw Bad(path + "." + name, $"must be a number, not {v.GetRawText()}");
        }

        [GeneratedRegex("^([0-9]{1,9})([smhd])$")]
        private static partial Regex FixedIntervalShape();
    }
}
