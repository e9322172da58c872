using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Aggregates;
using CogniteRecords.Core.Filters;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Models;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Streams;
using CogniteRecords.Core.Records;
using CogniteRecords.Filters;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Counts, sums, averages, groups and histograms the records of a stream on the server (the aggregate endpoint), as Measure-Object and Group-Object would.</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Measure, "CdfRecord", DefaultParameterSetName = MeasureSet)]
    [OutputType(MeasureTypeName, GroupTypeName, BucketTypeName, ResultTypeName)]
    public sealed class MeasureCdfRecordCommand : CdfApiCmdlet
    {
        public const string MeasureTypeName = "CogniteRecords.MeasureInfo";
        public const string GroupTypeName = "CogniteRecords.GroupInfo";
        public const string BucketTypeName = "CogniteRecords.HistogramBucket";
        public const string ResultTypeName = "CogniteRecords.AggregateResult";

        private const string MeasureSet = "Measure";
        private const string GroupSet = "GroupBy";
        private const string HistogramSet = "Histogram";
        private const string AggregateSet = "Aggregate";

        private CdfConnection _connection = null!;
        private FilterNode? _filter;
        private long? _from;
        private long? _to;
        private IReadOnlyList<KeyValuePair<string, AggregateSpec>>? _tree;
        private IRequestObserver? _observer;
        private IReadOnlyList<ContainerDefinition>? _containers;

        /// <summary>The stream id; from the pipeline, stream ids or Get-CdfStream output (its ExternalId).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ExternalId")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(CogniteRecords.Completion.StreamCompleter))]
        public string Stream { get; set; } = null!;

        /// <summary>Properties to measure (1-5): 'space/container/prop', a bare name one container has, or a top-level field.</summary>
        [Parameter(Position = 1, ParameterSetName = MeasureSet)]
        [Parameter(ParameterSetName = GroupSet)]
        [Parameter(ParameterSetName = HistogramSet)]
        [ValidateCount(1, 5)]
        [ArgumentCompleter(typeof(FilterPropertyCompleter))]
        public string[]? Property { get; set; }

        /// <summary>The sum of each -Property.</summary>
        [Parameter(ParameterSetName = MeasureSet)]
        [Parameter(ParameterSetName = GroupSet)]
        [Parameter(ParameterSetName = HistogramSet)]
        public SwitchParameter Sum { get; set; }

        /// <summary>The average of each -Property.</summary>
        [Parameter(ParameterSetName = MeasureSet)]
        [Parameter(ParameterSetName = GroupSet)]
        [Parameter(ParameterSetName = HistogramSet)]
        public SwitchParameter Average { get; set; }

        /// <summary>The smallest value of each -Property.</summary>
        [Parameter(ParameterSetName = MeasureSet)]
        [Parameter(ParameterSetName = GroupSet)]
        [Parameter(ParameterSetName = HistogramSet)]
        public SwitchParameter Minimum { get; set; }

        /// <summary>The largest value of each -Property.</summary>
        [Parameter(ParameterSetName = MeasureSet)]
        [Parameter(ParameterSetName = GroupSet)]
        [Parameter(ParameterSetName = HistogramSet)]
        public SwitchParameter Maximum { get; set; }

        /// <summary>The number of values of each -Property (always reported; the switch is for symmetry with Measure-Object).</summary>
        [Parameter(ParameterSetName = MeasureSet)]
        [Parameter(ParameterSetName = GroupSet)]
        [Parameter(ParameterSetName = HistogramSet)]
        public SwitchParameter Count { get; set; }

        /// <summary>Group by the values of this property (uniqueValues), largest group first.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GroupSet)]
        [ArgumentCompleter(typeof(FilterPropertyCompleter))]
        public string GroupBy { get; set; } = null!;

        /// <summary>How many groups, 1-2000 (default 10).</summary>
        [Parameter(ParameterSetName = GroupSet)]
        [ValidateRange(1, 2000)]
        public int Top { get; set; } = 10;

        /// <summary>Buckets over the values of this property: -Interval for numbers, -CalendarInterval or -FixedInterval for times.</summary>
        [Parameter(Mandatory = true, ParameterSetName = HistogramSet)]
        [ArgumentCompleter(typeof(FilterPropertyCompleter))]
        public string Histogram { get; set; } = null!;

        /// <summary>The width of a number histogram's buckets (greater than 0).</summary>
        [Parameter(ParameterSetName = HistogramSet)]
        public double Interval { get; set; }

        /// <summary>A time histogram's calendar bucket: 1s, 1m, 1h, 1d, 1w, 1M, 1q, 1y (UTC).</summary>
        [Parameter(ParameterSetName = HistogramSet)]
        [ValidateSet("1s", "1m", "1h", "1d", "1w", "1M", "1q", "1y", IgnoreCase = false)]
        public string? CalendarInterval { get; set; }

        /// <summary>A time histogram's fixed bucket: a whole number and s, m, h or d (3m, 400h, 25d).</summary>
        [Parameter(ParameterSetName = HistogramSet)]
        public string? FixedInterval { get; set; }

        /// <summary>Any aggregate tree in the API's shape: @{ id = @{ avg = @{ property = 'sp/c/p' } }; ... }, or its JSON.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AggregateSet)]
        [ValidateNotNull]
        public object Aggregate { get; set; } = null!;

        /// <summary>A filter from New-CdfRecordFilter, a hashtable in the API's JSON shape, or a JSON string.</summary>
        [Parameter]
        [ValidateNotNull]
        public object? Filter { get; set; }

        /// <summary>Only records last updated after this time (a [TimeSpan] means that long ago). Required on immutable streams.</summary>
        [Parameter]
        [PointInTimeTransformation]
        public DateTimeOffset? UpdatedAfter { get; set; }

        /// <summary>Only records last updated before this time (a [TimeSpan] means that long ago).</summary>
        [Parameter]
        [PointInTimeTransformation]
        public DateTimeOffset? UpdatedBefore { get; set; }

        private bool AnyMetric => Sum || Average || Minimum || Maximum;

        protected override void BeginProcessingSync()
        {
            _connection = ResolveConnection();
            try
            {
                _filter = RecordReadArguments.Filter(Filter);
                _from = UpdatedAfter is DateTimeOffset a ? a.ToUnixTimeMilliseconds() + 1 : (long?)null;
                _to = UpdatedBefore is DateTimeOffset b ? b.ToUnixTimeMilliseconds() : (long?)null;
                if (_from is long f && _to is long t && t <= f)
                    throw new CdfArgumentException("InvalidTimeRange", "UpdatedBefore", "The lastUpdatedTime range is empty: -UpdatedBefore is not after -UpdatedAfter.");
                if (ParameterSetName == AggregateSet)
                {
                    _tree = AggregateParser.Parse(FilterArgument.ToPlainData(Aggregate is PSObject pso && !(pso.BaseObject is PSCustomObject) ? pso.BaseObject : Aggregate));
                }
                else if (ParameterSetName == HistogramSet)
                {
                    int given = (MyInvocation.BoundParameters.ContainsKey(nameof(Interval)) ? 1 : 0) + (CalendarInterval != null ? 1 : 0) + (FixedInterval != null ? 1 : 0);
                    if (given != 1)
                        throw new CdfArgumentException("InvalidInterval", "Interval", "-Histogram needs exactly one of -Interval (numbers), -CalendarInterval or -FixedInterval (times).");
                    if (MyInvocation.BoundParameters.ContainsKey(nameof(Interval)) && !(Interval > 0 && !double.IsInfinity(Interval)))
                        throw new CdfArgumentException("InvalidInterval", "Interval", $"-Interval must be greater than 0; it was {Interval.ToString(CultureInfo.InvariantCulture)}.");
                    if (FixedInterval != null && AggregateParser.CheckFixedInterval(FixedInterval) is string why)
                        throw new CdfArgumentException("InvalidInterval", "FixedInterval", "-FixedInterval " + why);
                }
                if (AnyMetric && Property == null)
                    throw new CdfArgumentException("PropertyRequired", "Property", "-Sum, -Average, -Minimum and -Maximum measure a -Property: name one.");
            }
            catch (Exception e) when (e is CdfArgumentException || e is FilterValidationException)
            {
                ThrowTerminatingError(ErrorMapping.ToErrorRecord(e, Stream));
            }
            _observer = CreateObserver();
        }

        /// <summary>Per stream (several come from the pipeline): its id checked before its request.</summary>
        protected override bool ProcessRecordSync()
        {
            if (ErrorMapping.CheckStreamId(Stream) is ErrorRecord bad) ThrowTerminatingError(bad);
            return true;
        }

        protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
        {
            var client = _connection.Client;
            try
            {
                var properties = new List<AggregateProperty>();
                AggregateProperty? group = null;
                var tree = _tree;
                if (tree == null)
                {
                    // The switches name properties: resolve bare names and check types against the containers.
                    var names = (Property ?? Array.Empty<string>()).Concat(new[] { GroupBy, Histogram }.Where(n => n != null)).ToList();
                    IReadOnlyList<ContainerDefinition> containers = Array.Empty<ContainerDefinition>();
                    if (names.Any(AggregateProperty.NeedsContainers))
                    {
                        if (_containers == null)
                        {
                            var list = new List<ContainerDefinition>();
                            await ContainersApi.ListAllAsync(client, null, 10_000, list.AddRange, _observer, cancellationToken).ConfigureAwait(false);
                            _containers = list;
                        }
                        containers = _containers;
                    }
                    foreach (var p in Property ?? Array.Empty<string>()) properties.Add(Resolve(p, "Property", containers));
                    if (GroupBy != null)
                    {
                        group = AggregateProperty.Resolve(GroupBy, "GroupBy", containers);
                        group.Require("GroupBy", "-GroupBy", AggregateValueKind.Text, AggregateValueKind.Number, AggregateValueKind.Boolean);
                    }
                    if (Histogram != null)
                    {
                        group = AggregateProperty.Resolve(Histogram, "Histogram", containers);
                        if (CalendarInterval == null && FixedInterval == null) group.Require("Histogram", "A number histogram (-Interval)", AggregateValueKind.Number);
                        else group.Require("Histogram", "A time histogram", AggregateValueKind.Time);
                    }
                    tree = Build(properties, group);
                    AggregateParser.Check(tree);
                }

                var stream = await StreamsApi.RetrieveAsync(client, Stream, false, _observer, cancellationToken).ConfigureAwait(false);
                var windows = RecordQuery.PlanWindows(stream, _from, _to, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                if (windows.Count > 1)
                {
                    AggregateQuery.CheckSplittable(tree);
                    QueueVerbose(string.Format(CultureInfo.InvariantCulture,
                        "The stream '{0}' is immutable with maxFilteringInterval {1}: the lastUpdatedTime range is aggregated in {2} requests and the answers combined.",
                        Stream, stream.MaxFilteringInterval, windows.Count));
                }
                var progress = new ProgressRecord(1, "Measure-CdfRecord", "Aggregating " + Stream);
                var results = await AggregateQuery.RunAsync(client, Stream, _filter, windows, tree,
                    i =>
                    {
                        if (windows.Count < 2) return;
                        progress.StatusDescription = $"lastUpdatedTime {windows[i]} ({i + 1} of {windows.Count})";
                        progress.PercentComplete = 100 * i / windows.Count;
                        var copy = progress;
                        Post(() => WriteProgress(copy));
                    }, _observer, cancellationToken).ConfigureAwait(false);
                if (windows.Count > 1)
                {
                    progress.RecordType = ProgressRecordType.Completed;
                    Post(() => WriteProgress(progress));
                }
                WarnIncomplete(results, "aggregates");
                Write(results, properties, group);
            }
            catch (CdfApiException e) when (e.Kind == CdfErrorKind.NotFound)
            {
                throw new ErrorRecordException(ErrorMapping.StreamNotFound(e, Stream, _connection.Project));
            }
            catch (Exception e) when (e is CdfApiException || e is CdfArgumentException)
            {
                throw new ErrorRecordException(ErrorMapping.ToErrorRecord(e, Stream));
            }
        }

        private AggregateProperty Resolve(string name, string parameter, IReadOnlyList<ContainerDefinition> containers)
        {
            var p = AggregateProperty.Resolve(name, parameter, containers);
            if (Sum) p.Require(parameter, "-Sum", AggregateValueKind.Number);
            if (Average) p.Require(parameter, "-Average", AggregateValueKind.Number);
            if (Minimum) p.Require(parameter, "-Minimum", AggregateValueKind.Number, AggregateValueKind.Time);
            if (Maximum) p.Require(parameter, "-Maximum", AggregateValueKind.Number, AggregateValueKind.Time);
            return p;
        }

        // One filters[matchAll] bucket per property holds its metrics, so that five properties with five metrics each
        // stay within five aggregates a level.
        private IReadOnlyList<KeyValuePair<string, AggregateSpec>> Build(IReadOnlyList<AggregateProperty> properties, AggregateProperty? group)
        {
            var metrics = new List<KeyValuePair<string, AggregateSpec>>();
            for (int i = 0; i < properties.Count; i++)
            {
                var p = properties[i].Reference;
                var inner = new List<KeyValuePair<string, AggregateSpec>> { Pair("count", AggregateSpec.Metric("count", p)) };
                if (Sum) inner.Add(Pair("sum", AggregateSpec.Metric("sum", p)));
                if (Average) inner.Add(Pair("avg", AggregateSpec.Metric("avg", p)));
                if (Minimum) inner.Add(Pair("min", AggregateSpec.Metric("min", p)));
                if (Maximum) inner.Add(Pair("max", AggregateSpec.Metric("max", p)));
                metrics.Add(Pair("p" + i.ToString(CultureInfo.InvariantCulture), AggregateSpec.MatchAllBucket(inner)));
            }
            if (group == null)
                return properties.Count == 0 ? new[] { Pair("records", AggregateSpec.Metric("count", null)) } : (IReadOnlyList<KeyValuePair<string, AggregateSpec>>)metrics;
            AggregateSpec spec = GroupBy != null
                ? AggregateSpec.UniqueValues(group.Reference, Top, metrics)
                : AggregateSpec.Histogram(group.Reference, MyInvocation.BoundParameters.ContainsKey(nameof(Interval)) ? Interval : (double?)null, CalendarInterval, FixedInterval, metrics);
            return new[] { Pair("groups", spec) };
        }

        private static KeyValuePair<string, AggregateSpec> Pair(string id, AggregateSpec spec) => new KeyValuePair<string, AggregateSpec>(id, spec);

        private void WarnIncomplete(IEnumerable<KeyValuePair<string, AggregateResult>> level, string path)
        {
            foreach (var kv in level)
            {
                if (kv.Value.MayBeIncomplete)
                {
                    QueueWarning($"{path}.{kv.Key}: the lastUpdatedTime range was split into several requests and at least one held more than {AggregateParser.MaxUniqueValuesSize} distinct values; " +
                                 "counts of values outside a window's top list are missing, so the groups and counts may be low. Narrow the range to one maxFilteringInterval for exact counts.");
                }
                foreach (var b in kv.Value.Buckets ?? new List<AggregateBucket>()) WarnIncomplete(b.Aggregates, path + "." + kv.Key);
            }
        }

        private void Write(IReadOnlyList<KeyValuePair<string, AggregateResult>> results, IReadOnlyList<AggregateProperty> properties, AggregateProperty? group)
        {
            if (ParameterSetName == AggregateSet)
            {
                var o = new PSObject();
                o.TypeNames.Insert(0, ResultTypeName);
                foreach (var kv in results) o.Properties.Add(new PSNoteProperty(kv.Key, ToObject(kv.Value)));
                Emit(o);
                return;
            }
            if (group == null)
            {
                if (properties.Count == 0)
                {
                    Emit(MeasureInfo(null, (long)(results[0].Value.Value ?? 0), null));
                    return;
                }
                for (int i = 0; i < properties.Count; i++) Emit(Measure(properties[i], results[i].Value));
                return;
            }
            foreach (var bucket in results[0].Value.Buckets!)
            {
                var o = new PSObject();
                if (GroupBy != null)
                {
                    o.TypeNames.Insert(0, GroupTypeName);
                    o.Properties.Add(new PSNoteProperty("Name", Convert.ToString(bucket.Value is bool v ? (v ? "True" : "False") : bucket.Value, CultureInfo.InvariantCulture)));
                    o.Properties.Add(new PSNoteProperty("Value", bucket.Value));
                }
                else
                {
                    o.TypeNames.Insert(0, BucketTypeName);
                    o.Properties.Add(new PSNoteProperty("Start", group.Kind == AggregateValueKind.Time ? (object)DateTimeOffset.FromUnixTimeMilliseconds((long)bucket.Start!.Value) : bucket.Start));
                }
                o.Properties.Add(new PSNoteProperty("Count", bucket.Count));
                for (int i = 0; i < properties.Count; i++)
                {
                    var measure = Measure(properties[i], bucket.Aggregates[i].Value);
                    if (properties.Count > 1)
                    {
                        o.Properties.Add(new PSNoteProperty(properties[i].Name, measure));
                        continue;
                    }
                    // One property: its metrics sit on the group itself, as Measure-Object's names.
                    foreach (var name in new[] { "Sum", "Average", "Minimum", "Maximum" })
                        if (MyInvocation.BoundParameters.ContainsKey(name)) o.Properties.Add(new PSNoteProperty(name, measure.Properties[name].Value));
                }
                Emit(o);
            }
        }

        /// <summary>Writes a result with the stream it is about (several streams can come from the pipeline).</summary>
        private void Emit(PSObject o)
        {
            if (o.Properties["Stream"] == null) o.Properties.Add(new PSNoteProperty("Stream", Stream));
            QueueObject(o);
        }

        private PSObject Measure(AggregateProperty property, AggregateResult wrapper)
        {
            var inner = wrapper.Buckets![0].Aggregates.ToDictionary(x => x.Key, x => x.Value.Value, StringComparer.Ordinal);
            object? Metric(string id)
            {
                if (!inner.TryGetValue(id, out var v) || v == null) return null;
                // min and max of times are times.
                if (property.Kind == AggregateValueKind.Time && (id == "min" || id == "max")) return DateTimeOffset.FromUnixTimeMilliseconds((long)v.Value);
                return v.Value;
            }
            var o = MeasureInfo(property.Name, (long)(inner["count"] ?? 0), Metric);
            return o;
        }

        private static PSObject MeasureInfo(string? property, long count, Func<string, object?>? metric)
        {
            var o = new PSObject();
            o.TypeNames.Insert(0, MeasureTypeName);
            o.Properties.Add(new PSNoteProperty("Count", count));
            o.Properties.Add(new PSNoteProperty("Average", metric?.Invoke("avg")));
            o.Properties.Add(new PSNoteProperty("Sum", metric?.Invoke("sum")));
            o.Properties.Add(new PSNoteProperty("Maximum", metric?.Invoke("max")));
            o.Properties.Add(new PSNoteProperty("Minimum", metric?.Invoke("min")));
            o.Properties.Add(new PSNoteProperty("Property", property));
            return o;
        }

        /// <summary>-Aggregate's answer: numbers for metrics, lists of bucket objects with the nested results as members.</summary>
        private static object? ToObject(AggregateResult r)
        {
            if (r.Buckets == null) return r.Spec.Kind == "count" && r.Value != null ? (object)(long)r.Value.Value : r.Value;
            var list = new List<PSObject>();
            foreach (var b in r.Buckets)
            {
                var o = new PSObject();
                switch (r.Spec.Kind)
                {
                    case "uniqueValues":
                        o.Properties.Add(new PSNoteProperty("Value", b.Value));
                        break;
                    case "filters":
                        o.Properties.Add(new PSNoteProperty("Filter", b.Value));
                        break;
                    case "timeHistogram":
                        o.Properties.Add(new PSNoteProperty("IntervalStart", DateTimeOffset.FromUnixTimeMilliseconds((long)b.Start!.Value)));
                        break;
                    default:
                        o.Properties.Add(new PSNoteProperty("IntervalStart", b.Start));
                        break;
                }
                o.Properties.Add(new PSNoteProperty("Count", b.Count));
                foreach (var kv in b.Aggregates) o.Properties.Add(new PSNoteProperty(kv.Key, ToObject(kv.Value)));
                list.Add(o);
            }
            return list.ToArray();
        }
    }
}
