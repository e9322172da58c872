using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Tasks;
using static CogniteRecords.Emulator.Tests.EmulatorFixture;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>
    /// The aggregate endpoint over real HTTP. Every expected answer is computed here, with LINQ, from the records
    /// the test seeded (their times read back through sync), never by the emulator's aggregation code.
    /// </summary>
    public sealed class AggregateTests : IClassFixture<EmulatorFixture>
    {
        private const string Container = "agg";
        private readonly EmulatorFixture _f;
        private static readonly ConditionalWeakTable<EmulatorFixture, Task<Sample>> Samples = new();

        public AggregateTests(EmulatorFixture f) => _f = f;

        /// <summary>One seeded record, as the test wrote it.</summary>
        private sealed class Rec
        {
            public string Id = "";
            public string? Txt;
            public bool? B;
            public int? I32;
            public long? I64;
            public double? F32;
            public double? F64;
            public DateTime? Ts;
            public DateTime? Dt;
            public string[]? Tags;
            public long[]? Nums;
            public long Created;
            public long Updated;
        }

        private sealed record Sample(string Stream, List<Rec> Records);

        private Task<Sample> Seeded()
        {
            lock (Samples) return Samples.GetValue(_f, _ => Seed());
        }

        private async Task<Sample> Seed()
        {
            await Ok(_f.Post("/models/containers", """
                {"items":[{"space":"sp","externalId":"agg","usedFor":"record","properties":{
                  "txt":{"type":{"type":"text"}}, "b":{"type":{"type":"boolean"}},
                  "i32":{"type":{"type":"int32"}}, "i64":{"type":{"type":"int64"}},
                  "f32":{"type":{"type":"float32"}}, "f64":{"type":{"type":"float64"}},
                  "ts":{"type":{"type":"timestamp"}}, "dt":{"type":{"type":"date"}},
                  "tags":{"type":{"type":"text","list":true}}, "nums":{"type":{"type":"int64","list":true}},
                  "js":{"type":{"type":"json"}}
                }}]}
                """));
            var rnd = new Random(15);
            var records = new List<Rec>();
            string[] words = ["pear", "apple", "fig", "kiwi", "plum"];
            var cluster = new DateTime(2024, 3, 10, 10, 0, 0, DateTimeKind.Utc);
            for (int i = 0; i < 90; i++)
            {
                // Values are exact in binary (integers, quarters, halves), so sums do not depend on the order of adding.
                var r = new Rec { Id = "r" + i.ToString("D2", CultureInfo.InvariantCulture) };
                if (rnd.Next(8) != 0) r.Txt = words[rnd.Next(words.Length)];
                if (rnd.Next(6) != 0) r.B = rnd.Next(2) == 0;
                if (rnd.Next(5) != 0) r.I32 = rnd.Next(-50, 51);
                if (rnd.Next(5) != 0) r.I64 = rnd.Next(0, 1000) * 1_000_000_007L;
                if (rnd.Next(5) != 0) r.F32 = rnd.Next(-40, 41) * 0.5;
                if (rnd.Next(5) != 0) r.F64 = rnd.Next(-80, 81) * 0.25;
                if (rnd.Next(7) != 0)
                {
                    // A third of the times fall in one hour, so the fine calendar units have records to count.
                    r.Ts = i % 3 == 0
                        ? cluster.AddMilliseconds(rnd.Next(0, 3_600_000))
                        : new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(rnd.NextInt64(0, 3L * 365 * 86_400_000));
                }

                if (rnd.Next(7) != 0) r.Dt = new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(rnd.Next(0, 900));
                if (rnd.Next(4) != 0) r.Tags = Enumerable.Range(0, rnd.Next(0, 4)).Select(_ => words[rnd.Next(words.Length)]).ToArray();
                if (rnd.Next(4) != 0) r.Nums = Enumerable.Range(0, rnd.Next(0, 4)).Select(_ => (long)rnd.Next(-5, 6)).ToArray();
                records.Add(r);
            }

            string stream = await _f.NewStream();
            var items = records.Select(r => Item(r.Id, Props(r), Container)).ToList();
            // A record in another container: counted by record counts, no value of any agg property.
            items.Add(Item("other", "{\"x\": 7}", "second"));
            await Ok(_f.Ingest(stream, items.ToArray()));
            var other = new Rec { Id = "other" };
            records.Add(other);
            var times = (await _f.SyncAll(stream)).Items.ToDictionary(
                i => i.GetProperty("externalId").GetString()!,
                i => (i.GetProperty("createdTime").GetInt64(), i.GetProperty("lastUpdatedTime").GetInt64()));
            foreach (Rec r in records) (r.Created, r.Updated) = times[r.Id];
            return new Sample(stream, records);
        }

        private static string Props(Rec r)
        {
            var p = new Dictionary<string, object?>();
            if (r.Txt != null) p["txt"] = r.Txt;
            if (r.B != null) p["b"] = r.B;
            if (r.I32 != null) p["i32"] = r.I32;
            if (r.I64 != null) p["i64"] = r.I64;
            if (r.F32 != null) p["f32"] = r.F32;
            if (r.F64 != null) p["f64"] = r.F64;
            if (r.Ts != null) p["ts"] = r.Ts.Value.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            if (r.Dt != null) p["dt"] = r.Dt.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (r.Tags != null) p["tags"] = r.Tags;
            if (r.Nums != null) p["nums"] = r.Nums;
            p["js"] = new { k = 1 };
            return JsonSerializer.Serialize(p);
        }

        private static string Prop(string name) => name is "space" or "externalId" or "createdTime" or "lastUpdatedTime"
            ? $"[\"{name}\"]"
            : $"[\"sp\",\"{Container}\",\"{name}\"]";

        private async Task<JsonElement> Aggregate(string stream, string aggregates, string extra = "")
        {
            var reply = await Ok(_f.Post($"/streams/{stream}/records/aggregate", $"{{\"aggregates\":{aggregates}{extra}}}"));
            return reply.Json.GetProperty("aggregates");
        }

        private static double? Number(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDouble();

        private static double Ms(DateTime t) => (t - DateTime.UnixEpoch).TotalMilliseconds;

        /// <summary>Every value of a property in a record, as the test wrote it (each element of a list).</summary>
        private static IEnumerable<object> Values(Rec r, string name) => name switch
        {
            "txt" => r.Txt == null ? [] : [r.Txt],
            "b" => r.B == null ? [] : [r.B.Value],
            "i32" => r.I32 == null ? [] : [(double)r.I32.Value],
            "i64" => r.I64 == null ? [] : [(double)r.I64.Value],
            "f32" => r.F32 == null ? [] : [r.F32.Value],
            "f64" => r.F64 == null ? [] : [r.F64.Value],
            "ts" => r.Ts == null ? [] : [Ms(r.Ts.Value)],
            "dt" => r.Dt == null ? [] : [Ms(r.Dt.Value)],
            "tags" => r.Tags ?? [],
            "nums" => r.Nums?.Select(n => (object)(double)n) ?? [],
            "js" => r.Id == "other" ? [] : [new object()],
            "space" => ["sp"],
            "externalId" => [r.Id],
            "createdTime" => [(double)r.Created],
            _ => [(double)r.Updated],
        };

        private static IEnumerable<double> Numbers(IEnumerable<Rec> rs, string name) => rs.SelectMany(r => Values(r, name)).Cast<double>();

        [Fact]
        public async Task CountWithoutPropertyCountsRecords()
        {
            var s = await Seeded();
            var a = await Aggregate(s.Stream, "{\"n\":{\"count\":{}}}");
            Assert.Equal(s.Records.Count, a.GetProperty("n").GetProperty("count").GetInt64());
        }

        [Theory]
        [InlineData("txt")]
        [InlineData("b")]
        [InlineData("i32")]
        [InlineData("i64")]
        [InlineData("f32")]
        [InlineData("f64")]
        [InlineData("ts")]
        [InlineData("dt")]
        [InlineData("tags")]
        [InlineData("nums")]
        [InlineData("js")]
        [InlineData("space")]
        [InlineData("externalId")]
        [InlineData("createdTime")]
        [InlineData("lastUpdatedTime")]
        public async Task CountOfAPropertyCountsItsNonNullValues(string property)
        {
            var s = await Seeded();
            var a = await Aggregate(s.Stream, $"{{\"n\":{{\"count\":{{\"property\":{Prop(property)}}}}}}}");
            Assert.Equal(s.Records.Sum(r => Values(r, property).Count()), a.GetProperty("n").GetProperty("count").GetInt64());
        }

        [Theory]
        [InlineData("avg", "i32")]
        [InlineData("avg", "i64")]
        [InlineData("avg", "f32")]
        [InlineData("avg", "f64")]
        [InlineData("avg", "nums")]
        [InlineData("sum", "i32")]
        [InlineData("sum", "i64")]
        [InlineData("sum", "f32")]
        [InlineData("sum", "f64")]
        [InlineData("sum", "nums")]
        [InlineData("min", "i32")]
        [InlineData("min", "i64")]
        [InlineData("min", "f32")]
        [InlineData("min", "f64")]
        [InlineData("min", "nums")]
        [InlineData("min", "ts")]
        [InlineData("min", "dt")]
        [InlineData("min", "createdTime")]
        [InlineData("min", "lastUpdatedTime")]
        [InlineData("max", "i32")]
        [InlineData("max", "i64")]
        [InlineData("max", "f32")]
        [InlineData("max", "f64")]
        [InlineData("max", "nums")]
        [InlineData("max", "ts")]
        [InlineData("max", "dt")]
        [InlineData("max", "createdTime")]
        [InlineData("max", "lastUpdatedTime")]
        public async Task MetricsOnEveryTypeTheyTake(string metric, string property)
        {
            var s = await Seeded();
            var a = await Aggregate(s.Stream, $"{{\"m\":{{\"{metric}\":{{\"property\":{Prop(property)}}}}}}}");
            var values = Numbers(s.Records, property).ToList();
            double expected = metric switch
            {
                "avg" => values.Average(),
                "sum" => values.Sum(),
                "min" => values.Min(),
                _ => values.Max(),
            };
            double actual = a.GetProperty("m").GetProperty(metric).GetDouble();
            Assert.True(Math.Abs(expected - actual) <= Math.Abs(expected) * 1e-12, $"{metric} of {property}: expected {expected}, got {actual}");
        }

        [Fact]
        public async Task MetricsOfNoValuesAreNullButSumIsZero()
        {
            var s = await Seeded();
            string filter = ",\"filter\":{\"equals\":{\"property\":[\"externalId\"],\"value\":\"other\"}}";
            var a = await Aggregate(s.Stream,
                "{\"a\":{\"avg\":{\"property\":" + Prop("f64") + "}},\"s\":{\"sum\":{\"property\":" + Prop("f64") + "}},"
                + "\"lo\":{\"min\":{\"property\":" + Prop("ts") + "}},\"hi\":{\"max\":{\"property\":" + Prop("i32") + "}},\"n\":{\"count\":{\"property\":" + Prop("txt") + "}}}",
                filter);
            Assert.Equal(JsonValueKind.Null, a.GetProperty("a").GetProperty("avg").ValueKind);
            Assert.Equal(0, a.GetProperty("s").GetProperty("sum").GetDouble());
            Assert.Equal(JsonValueKind.Null, a.GetProperty("lo").GetProperty("min").ValueKind);
            Assert.Equal(JsonValueKind.Null, a.GetProperty("hi").GetProperty("max").ValueKind);
            Assert.Equal(0, a.GetProperty("n").GetProperty("count").GetInt64());
        }

        [Theory]
        [InlineData("txt", 10)]
        [InlineData("txt", 2)]
        [InlineData("b", 10)]
        [InlineData("i32", 7)]
        [InlineData("i64", 2000)]
        [InlineData("f64", 15)]
        [InlineData("tags", 10)]
        [InlineData("nums", 4)]
        [InlineData("space", 10)]
        [InlineData("externalId", 5)]
        public async Task UniqueValuesLargestFirstTiesByValue(string property, int size)
        {
            var s = await Seeded();
            string sizeJson = size == 10 ? "" : $",\"size\":{size}";
            var a = await Aggregate(s.Stream, $"{{\"u\":{{\"uniqueValues\":{{\"property\":{Prop(property)}{sizeJson}}}}}}}");
            var expected = s.Records
                .SelectMany(r => Values(r, property).Distinct().Select(v => v))
                .GroupBy(v => v)
                .Select(g => (Value: g.Key, Count: g.Count()))
                .OrderByDescending(g => g.Count)
                .ThenBy(g => g.Value, Comparer<object>.Create(CompareValues))
                .Take(size)
                .Select(g => $"{Text(g.Value)}={g.Count}")
                .ToArray();
            var actual = a.GetProperty("u").GetProperty("uniqueValueBuckets").EnumerateArray()
                .Select(b => $"{Text(b.GetProperty("value"))}={b.GetProperty("count").GetInt64()}")
                .ToArray();
            Assert.Equal(expected, actual);
        }

        private static int CompareValues(object? a, object? b) => (a, b) switch
        {
            (double x, double y) => x.CompareTo(y),
            (bool x, bool y) => x.CompareTo(y),
            _ => string.CompareOrdinal((string)a!, (string)b!),
        };

        private static string Text(object v) => v switch
        {
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            bool x => x ? "true" : "false",
            JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble().ToString("R", CultureInfo.InvariantCulture),
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()!,
            JsonElement e => e.GetRawText(),
            _ => (string)v,
        };

        [Theory]
        [InlineData("f64", 0.5, null, null)]
        [InlineData("i32", 10.0, null, null)]
        [InlineData("i64", 1e11, null, null)]
        [InlineData("f32", 3.0, -5.0, 7.5)]
        [InlineData("nums", 2.0, null, 3.0)]
        public async Task NumberHistogramBucketsFromFirstToLastWithEmptyOnesBetween(string property, double interval, double? min, double? max)
        {
            var s = await Seeded();
            string bounds = min == null && max == null ? "" : ",\"hardBounds\":{" + string.Join(",",
                new[] { min == null ? null : $"\"min\":{min.Value.ToString(CultureInfo.InvariantCulture)}", max == null ? null : $"\"max\":{max.Value.ToString(CultureInfo.InvariantCulture)}" }.Where(x => x != null)) + "}";
            var a = await Aggregate(s.Stream,
                $"{{\"h\":{{\"numberHistogram\":{{\"property\":{Prop(property)},\"interval\":{interval.ToString(CultureInfo.InvariantCulture)}{bounds}}}}}}}");
            // Bucket k holds [k*interval, (k+1)*interval); a record counts once per bucket.
            var keys = s.Records.SelectMany(r => Values(r, property).Cast<double>()
                    .Where(v => (min == null || v >= min) && (max == null || v <= max))
                    .Select(v => (long)Math.Floor(v / interval)).Distinct())
                .GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
            var expected = new List<string>();
            for (long k = keys.Keys.Min(); k <= keys.Keys.Max(); k++)
                expected.Add($"{(k * interval).ToString("R", CultureInfo.InvariantCulture)}={keys.GetValueOrDefault(k)}");
            var actual = a.GetProperty("h").GetProperty("numberHistogramBuckets").EnumerateArray()
                .Select(b => $"{b.GetProperty("intervalStart").GetDouble().ToString("R", CultureInfo.InvariantCulture)}={b.GetProperty("count").GetInt64()}")
                .ToArray();
            Assert.Equal(expected, actual);
        }

        /// <summary>The start of a calendar bucket, computed the long way round (not as the emulator does).</summary>
        private static DateTime CalendarStart(DateTime t, string unit)
        {
            long ticks = t.Ticks;
            switch (unit)
            {
                case "1s": return new DateTime(ticks - ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
                case "1m": return new DateTime(ticks - ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
                case "1h": return new DateTime(ticks - ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);
                case "1d": return new DateTime(ticks - ticks % TimeSpan.TicksPerDay, DateTimeKind.Utc);
                case "1w":
                    var day = new DateTime(ticks - ticks % TimeSpan.TicksPerDay, DateTimeKind.Utc);
                    while (day.DayOfWeek != DayOfWeek.Monday) day = day.AddDays(-1);
                    return day;
                case "1M": return new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc);
                case "1q": return new DateTime(t.Year, t.Month switch { <= 3 => 1, <= 6 => 4, <= 9 => 7, _ => 10 }, 1, 0, 0, 0, DateTimeKind.Utc);
                default: return new DateTime(t.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            }
        }

        private static DateTime Step(DateTime start, string unit) => unit switch
        {
            "1s" => start.AddSeconds(1),
            "1m" => start.AddMinutes(1),
            "1h" => start.AddHours(1),
            "1d" => start.AddDays(1),
            "1w" => start.AddDays(7),
            "1M" => start.AddMonths(1),
            "1q" => start.AddMonths(3),
            "1y" => start.AddYears(1),
            _ => start.Add(FixedSpan(unit)),
        };

        private static TimeSpan FixedSpan(string interval)
        {
            int n = int.Parse(interval[..^1], CultureInfo.InvariantCulture);
            return interval[^1] switch { 's' => TimeSpan.FromSeconds(n), 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), _ => TimeSpan.FromDays(n) };
        }

        [Theory]
        [InlineData("ts", "calendarInterval", "1s", "2024-03-10T10:00:00Z", "2024-03-10T10:59:59.999Z")]
        [InlineData("ts", "calendarInterval", "1m", "2024-03-10T10:00:00Z", "2024-03-10T10:59:59.999Z")]
        [InlineData("ts", "calendarInterval", "1h", "2024-03-01T00:00:00Z", "2024-03-20T00:00:00Z")]
        [InlineData("ts", "calendarInterval", "1d", null, null)]
        [InlineData("ts", "calendarInterval", "1w", null, null)]
        [InlineData("ts", "calendarInterval", "1M", null, null)]
        [InlineData("ts", "calendarInterval", "1q", null, null)]
        [InlineData("ts", "calendarInterval", "1y", null, null)]
        [InlineData("ts", "fixedInterval", "3m", "2024-03-10T09:00:00Z", "2024-03-10T12:00:00Z")]
        [InlineData("ts", "fixedInterval", "400h", null, null)]
        [InlineData("ts", "fixedInterval", "25d", null, null)]
        [InlineData("ts", "fixedInterval", "90s", "2024-03-10T10:00:00Z", "2024-03-11T00:00:00Z")]
        [InlineData("dt", "calendarInterval", "1M", null, null)]
        [InlineData("dt", "calendarInterval", "1w", null, "2023-01-01T00:00:00Z")]
        [InlineData("createdTime", "fixedInterval", "1h", null, null)]
        [InlineData("lastUpdatedTime", "calendarInterval", "1d", null, null)]
        public async Task TimeHistogramOnEveryTimeType(string property, string kind, string interval, string? min, string? max)
        {
            var s = await Seeded();
            string bounds = min == null && max == null ? "" : ",\"hardBounds\":{" + string.Join(",",
                new[] { min == null ? null : $"\"min\":\"{min}\"", max == null ? null : $"\"max\":\"{max}\"" }.Where(x => x != null)) + "}";
            var a = await Aggregate(s.Stream,
                $"{{\"h\":{{\"timeHistogram\":{{\"property\":{Prop(property)},\"{kind}\":\"{interval}\"{bounds}}}}}}}");
            DateTime? lo = min == null ? null : DateTime.Parse(min, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
            DateTime? hi = max == null ? null : DateTime.Parse(max, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
            Func<DateTime, DateTime> start = kind == "calendarInterval"
                ? t => CalendarStart(t, interval)
                : t => new DateTime(t.Ticks - (t.Ticks - DateTime.UnixEpoch.Ticks) % FixedSpan(interval).Ticks, DateTimeKind.Utc);
            var counts = s.Records.SelectMany(r => Numbers([r], property)
                    .Select(ms => DateTime.UnixEpoch.AddMilliseconds(ms))
                    .Where(t => (lo == null || t >= lo) && (hi == null || t <= hi))
                    .Select(start).Distinct())
                .GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
            Assert.NotEmpty(counts);
            var expected = new List<string>();
            for (DateTime t = counts.Keys.Min(); t <= counts.Keys.Max(); t = Step(t, kind == "calendarInterval" ? interval : interval))
                expected.Add($"{t:yyyy-MM-ddTHH:mm:ss.fff}Z={counts.GetValueOrDefault(t)}");
            var actual = a.GetProperty("h").GetProperty("timeHistogramBuckets").EnumerateArray()
                .Select(b => $"{b.GetProperty("intervalStart").GetString()}={b.GetProperty("count").GetInt64()}")
                .ToArray();
            Assert.Equal(expected, actual);
        }

        [Fact]
        public async Task FilterBucketsInRequestOrderWithNestedMetrics()
        {
            var s = await Seeded();
            var a = await Aggregate(s.Stream, "{\"f\":{\"filters\":{\"filters\":["
                + "{\"equals\":{\"property\":" + Prop("txt") + ",\"value\":\"pear\"}},"
                + "{\"range\":{\"property\":" + Prop("f64") + ",\"gte\":0}},"
                + "{\"matchAll\":{}}],"
                + "\"aggregates\":{\"avg\":{\"avg\":{\"property\":" + Prop("i32") + "}}}}}}");
            Func<Rec, bool>[] predicates = [r => r.Txt == "pear", r => r.F64 >= 0, _ => true];
            var buckets = a.GetProperty("f").GetProperty("filterBuckets").EnumerateArray().ToArray();
            Assert.Equal(3, buckets.Length);
            for (int i = 0; i < 3; i++)
            {
                var set = s.Records.Where(predicates[i]).ToList();
                Assert.Equal(set.Count, buckets[i].GetProperty("count").GetInt64());
                Assert.Equal(Numbers(set, "i32").Average(), buckets[i].GetProperty("aggregates").GetProperty("avg").GetProperty("avg").GetDouble(), 9);
            }
        }

        [Theory]
        [InlineData("MovingFunctions.max", "_count", 3)]
        [InlineData("MovingFunctions.min", "_count", 2)]
        [InlineData("MovingFunctions.sum", "_count", 4)]
        [InlineData("MovingFunctions.unweightedAvg", "_count", 3)]
        [InlineData("MovingFunctions.linearWeightedAvg", "_count", 3)]
        [InlineData("MovingFunctions.max", "total", 2)]
        [InlineData("MovingFunctions.min", "mean", 3)]
        [InlineData("MovingFunctions.sum", "total", 5)]
        [InlineData("MovingFunctions.unweightedAvg", "mean", 2)]
        [InlineData("MovingFunctions.linearWeightedAvg", "mean", 4)]
        public async Task MovingFunctionOverThePreviousBuckets(string function, string path, int window)
        {
            var s = await Seeded();
            // f64 in steps of 2: 81 quarter values spread over about 20 buckets, some empty (mean null there).
            var a = await Aggregate(s.Stream, "{\"h\":{\"numberHistogram\":{\"property\":" + Prop("f64") + ",\"interval\":2,\"aggregates\":{"
                + "\"total\":{\"sum\":{\"property\":" + Prop("i32") + "}},\"mean\":{\"avg\":{\"property\":" + Prop("i32") + "}},"
                + $"\"fn\":{{\"movingFunction\":{{\"bucketsPath\":\"{path}\",\"window\":{window},\"function\":\"{function}\"}}}}}}}}}}}}");
            var groups = s.Records.Where(r => r.F64 != null).GroupBy(r => (long)Math.Floor(r.F64!.Value / 2)).ToDictionary(g => g.Key, g => g.ToList());
            var series = new List<double?>();
            for (long k = groups.Keys.Min(); k <= groups.Keys.Max(); k++)
            {
                var set = groups.GetValueOrDefault(k) ?? [];
                var i32 = Numbers(set, "i32").ToList();
                series.Add(path switch { "_count" => set.Count, "total" => i32.Sum(), _ => i32.Count == 0 ? null : i32.Average() });
            }

            var buckets = a.GetProperty("h").GetProperty("numberHistogramBuckets").EnumerateArray().ToArray();
            Assert.Equal(series.Count, buckets.Length);
            for (int i = 0; i < series.Count; i++)
            {
                var win = series.Skip(Math.Max(0, i - window)).Take(i - Math.Max(0, i - window)).Where(v => v != null).Select(v => v!.Value).ToList();
                double? expected = function switch
                {
                    "MovingFunctions.sum" => win.Sum(),
                    _ when win.Count == 0 => null,
                    "MovingFunctions.max" => win.Max(),
                    "MovingFunctions.min" => win.Min(),
                    "MovingFunctions.unweightedAvg" => win.Average(),
                    _ => win.Select((v, j) => v * (j + 1)).Sum() / win.Select((_, j) => (double)(j + 1)).Sum(),
                };
                double? actual = Number(buckets[i].GetProperty("aggregates").GetProperty("fn").GetProperty("fnValue"));
                Assert.True(expected == null ? actual == null : actual != null && Math.Abs(expected.Value - actual.Value) < 1e-9,
                    $"bucket {i}: expected {expected}, got {actual}");
            }
        }

        [Fact]
        public async Task NestedFiveLevelsDeep()
        {
            var s = await Seeded();
            // uniqueValues txt > filters b > timeHistogram ts per year > uniqueValues tags > sum nums.
            var a = await Aggregate(s.Stream, "{\"t\":{\"uniqueValues\":{\"property\":" + Prop("txt") + ",\"aggregates\":{"
                + "\"f\":{\"filters\":{\"filters\":[{\"equals\":{\"property\":" + Prop("b") + ",\"value\":true}}],\"aggregates\":{"
                + "\"y\":{\"timeHistogram\":{\"property\":" + Prop("ts") + ",\"calendarInterval\":\"1y\",\"aggregates\":{"
                + "\"g\":{\"uniqueValues\":{\"property\":" + Prop("tags") + ",\"aggregates\":{"
                + "\"s\":{\"sum\":{\"property\":" + Prop("nums") + "}}}}}}}}}}}}}}}");
            var actual = new List<string>();
            foreach (var t in a.GetProperty("t").GetProperty("uniqueValueBuckets").EnumerateArray())
                foreach (var f in t.GetProperty("aggregates").GetProperty("f").GetProperty("filterBuckets").EnumerateArray())
                    foreach (var y in f.GetProperty("aggregates").GetProperty("y").GetProperty("timeHistogramBuckets").EnumerateArray())
                        foreach (var g in y.GetProperty("aggregates").GetProperty("g").GetProperty("uniqueValueBuckets").EnumerateArray())
                            actual.Add($"{t.GetProperty("value").GetString()}/{y.GetProperty("intervalStart").GetString()![..4]}/{g.GetProperty("value").GetString()}:{g.GetProperty("count").GetInt64()}:{g.GetProperty("aggregates").GetProperty("s").GetProperty("sum").GetDouble()}");
            var expected = new List<string>();
            foreach (var txt in s.Records.Where(r => r.Txt != null).GroupBy(r => r.Txt!))
            {
                var inBucket = txt.Where(r => r.B == true && r.Ts != null).ToList();
                foreach (var year in inBucket.GroupBy(r => r.Ts!.Value.Year))
                    foreach (var tag in year.SelectMany(r => (r.Tags ?? []).Distinct().Select(tg => (tg, r))).GroupBy(x => x.tg))
                        expected.Add($"{txt.Key}/{year.Key}/{tag.Key}:{tag.Count()}:{tag.Sum(x => (x.r.Nums ?? []).Sum())}");
            }

            // Empty years between the first and the last have no tags; the years' order within a value is the histogram's.
            Assert.Equal(expected.OrderBy(x => x, StringComparer.Ordinal), actual.OrderBy(x => x, StringComparer.Ordinal));
        }

        [Fact]
        public async Task FilterAndLastUpdatedTimeNarrowTheRecords()
        {
            var s = await Seeded();
            var cut = s.Records.Select(r => r.Updated).OrderBy(x => x).ToList()[s.Records.Count / 2];
            var a = await Aggregate(s.Stream, "{\"n\":{\"count\":{}}}",
                $",\"lastUpdatedTime\":{{\"lte\":{cut}}},\"filter\":{{\"equals\":{{\"property\":{Prop("b")},\"value\":false}}}}");
            Assert.Equal(s.Records.Count(r => r.Updated <= cut && r.B == false), a.GetProperty("n").GetProperty("count").GetInt64());
        }

        [Fact]
        public async Task ImmutableStreamNeedsALowerBoundWithinTheWindow()
        {
            string stream = await _f.NewStream("ImmutableTestStream");
            await Ok(_f.Ingest(stream, Item("a"), Item("b")));
            string body = "{\"aggregates\":{\"n\":{\"count\":{}}}";
            var missing = await _f.Post($"/streams/{stream}/records/aggregate", body + "}");
            Assert.Equal(400, missing.Code);
            Assert.Contains("lastUpdatedTime", missing.ErrorMessage);
            var tooWide = await _f.Post($"/streams/{stream}/records/aggregate", body + ",\"lastUpdatedTime\":{\"gte\":\"2000-01-01T00:00:00Z\"}}");
            Assert.Equal(400, tooWide.Code);
            Assert.Contains("maxFilteringInterval", tooWide.ErrorMessage);
            long from = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds();
            var ok = await Ok(_f.Post($"/streams/{stream}/records/aggregate", body + $",\"lastUpdatedTime\":{{\"gte\":{from}}}}}"));
            Assert.Equal(2, ok.Json.GetProperty("aggregates").GetProperty("n").GetProperty("count").GetInt64());
        }

        private static string Nest(int levels)
        {
            string inner = "{\"n\":{\"count\":{}}}";
            for (int i = 1; i < levels; i++) inner = "{\"u" + i + "\":{\"uniqueValues\":{\"property\":[\"space\"],\"aggregates\":" + inner + "}}}";
            return inner;
        }

        [Fact]
        public async Task FiveLevelsAreAllowedSixAreNot()
        {
            var s = await Seeded();
            var five = await Aggregate(s.Stream, Nest(5));
            var b = five.GetProperty("u4").GetProperty("uniqueValueBuckets")[0].GetProperty("aggregates").GetProperty("u3").GetProperty("uniqueValueBuckets")[0]
                .GetProperty("aggregates").GetProperty("u2").GetProperty("uniqueValueBuckets")[0].GetProperty("aggregates").GetProperty("u1")
                .GetProperty("uniqueValueBuckets")[0].GetProperty("aggregates").GetProperty("n").GetProperty("count").GetInt64();
            Assert.Equal(s.Records.Count, b);
            var six = await _f.Post($"/streams/{s.Stream}/records/aggregate", "{\"aggregates\":" + Nest(6) + "}");
            Assert.Equal(400, six.Code);
            Assert.Contains("level 6", six.ErrorMessage);
        }

        public static TheoryData<string, string> Refusals() => new()
        {
            { "{}", "at least one" },
            { "{\"a\":{\"count\":{}},\"b\":{\"count\":{}},\"c\":{\"count\":{}},\"d\":{\"count\":{}},\"e\":{\"count\":{}},\"f\":{\"count\":{}}}", "at most 5" },
            { "{\"a.b\":{\"count\":{}}}", "aggregates.a.b: the aggregate id 'a.b' must not contain '.'" },
            { "{\"_count\":{\"count\":{}}}", "'_count' is reserved" },
            { "{\"_bucket_count\":{\"count\":{}}}", "'_bucket_count' is reserved" },
            { "{\"a\":{\"count\":{}},\"a\":{\"sum\":{\"property\":[\"sp\",\"agg\",\"i32\"]}}}", "used twice" },
            { "{\"a\":{\"median\":{}}}", "unknown aggregate 'median'" },
            { "{\"a\":{\"count\":{},\"sum\":{}}}", "exactly one key" },
            { "{\"a\":5}", "aggregates.a: an aggregate must be an object" },
            { "{\"a\":{\"count\":{\"property\":[\"sp\",\"agg\",\"nope\"]}}}", "aggregates.a.count.property: property sp/agg/nope does not exist" },
            { "{\"a\":{\"count\":{\"property\":[\"deletedTime\"]}}}", "not a top-level field" },
            { "{\"a\":{\"count\":{\"property\":[\"sp\",\"agg\"]}}}", "array of 3 strings" },
            { "{\"a\":{\"count\":{\"prop\":[\"space\"]}}}", "unknown field 'prop'" },
            { "{\"a\":{\"avg\":{}}}", "aggregates.a.avg: missing 'property'" },
            { "{\"a\":{\"avg\":{\"property\":[\"sp\",\"agg\",\"txt\"]}}}", "aggregates.a.avg.property: avg cannot read sp/agg/txt" },
            { "{\"a\":{\"sum\":{\"property\":[\"sp\",\"agg\",\"ts\"]}}}", "sum cannot read" },
            { "{\"a\":{\"avg\":{\"property\":[\"createdTime\"]}}}", "avg cannot read createdTime" },
            { "{\"a\":{\"min\":{\"property\":[\"sp\",\"agg\",\"b\"]}}}", "min cannot read" },
            { "{\"a\":{\"max\":{\"property\":[\"externalId\"]}}}", "max cannot read" },
            { "{\"a\":{\"uniqueValues\":{\"property\":[\"sp\",\"agg\",\"js\"]}}}", "uniqueValues cannot read" },
            { "{\"a\":{\"uniqueValues\":{\"property\":[\"sp\",\"agg\",\"ts\"]}}}", "uniqueValues cannot read" },
            { "{\"a\":{\"uniqueValues\":{\"property\":[\"sp\",\"agg\",\"txt\"],\"size\":0}}}", "aggregates.a.uniqueValues.size: must be an integer from 1 to 2000" },
            { "{\"a\":{\"uniqueValues\":{\"property\":[\"sp\",\"agg\",\"txt\"],\"size\":2001}}}", "from 1 to 2000" },
            { "{\"a\":{\"numberHistogram\":{\"property\":[\"sp\",\"agg\",\"f64\"]}}}", "missing 'interval'" },
            { "{\"a\":{\"numberHistogram\":{\"property\":[\"sp\",\"agg\",\"f64\"],\"interval\":0}}}", "aggregates.a.numberHistogram.interval: must be a number greater than 0" },
            { "{\"a\":{\"numberHistogram\":{\"property\":[\"sp\",\"agg\",\"f64\"],\"interval\":-1}}}", "greater than 0" },
            { "{\"a\":{\"numberHistogram\":{\"property\":[\"sp\",\"agg\",\"ts\"],\"interval\":1}}}", "numberHistogram cannot read" },
            { "{\"a\":{\"numberHistogram\":{\"property\":[\"sp\",\"agg\",\"f64\"],\"interval\":1,\"hardBounds\":{\"min\":5,\"max\":1}}}}", "'min' must not be greater than 'max'" },
            { "{\"a\":{\"numberHistogram\":{\"property\":[\"sp\",\"agg\",\"f64\"],\"interval\":1,\"hardBounds\":{}}}}", "give 'min', 'max' or both" },
            { "{\"a\":{\"numberHistogram\":{\"property\":[\"sp\",\"agg\",\"f64\"],\"interval\":1,\"hardBounds\":{\"min\":\"x\"}}}}", "hardBounds.min: must be a number" },
            { "{\"a\":{\"numberHistogram\":{\"property\":[\"sp\",\"agg\",\"f64\"],\"interval\":0.0001}}}", "aggregates.a: the histogram would have more than 10000 buckets" },
            { "{\"a\":{\"timeHistogram\":{\"property\":[\"sp\",\"agg\",\"ts\"]}}}", "exactly one of 'calendarInterval' and 'fixedInterval'" },
            { "{\"a\":{\"timeHistogram\":{\"property\":[\"sp\",\"agg\",\"ts\"],\"calendarInterval\":\"1d\",\"fixedInterval\":\"1d\"}}}", "exactly one of" },
            { "{\"a\":{\"timeHistogram\":{\"property\":[\"sp\",\"agg\",\"ts\"],\"calendarInterval\":\"2d\"}}}", "aggregates.a.timeHistogram.calendarInterval: must be one of 1s, 1m, 1h, 1d, 1w, 1M, 1q, 1y" },
            { "{\"a\":{\"timeHistogram\":{\"property\":[\"sp\",\"agg\",\"ts\"],\"fixedInterval\":\"1M\"}}}", "aggregates.a.timeHistogram.fixedInterval: must be a whole number" },
            { "{\"a\":{\"timeHistogram\":{\"property\":[\"sp\",\"agg\",\"ts\"],\"fixedInterval\":\"0h\"}}}", "fixedInterval" },
            { "{\"a\":{\"timeHistogram\":{\"property\":[\"sp\",\"agg\",\"f64\"],\"fixedInterval\":\"1h\"}}}", "timeHistogram cannot read" },
            { "{\"a\":{\"timeHistogram\":{\"property\":[\"sp\",\"agg\",\"ts\"],\"fixedInterval\":\"1h\",\"hardBounds\":{\"min\":\"yesterday\"}}}}", "hardBounds.min: must be epoch milliseconds or a timestamp" },
            { "{\"a\":{\"timeHistogram\":{\"property\":[\"sp\",\"agg\",\"ts\"],\"calendarInterval\":\"1s\"}}}", "more than 10000 buckets" },
            { "{\"a\":{\"filters\":{\"filters\":[]}}}", "aggregates.a.filters.filters: must be an array of 1 to 10 filters" },
            { "{\"a\":{\"filters\":{\"filters\":[" + string.Join(",", Enumerable.Repeat("{\"matchAll\":{}}", 11)) + "]}}}", "1 to 10 filters" },
            { "{\"a\":{\"filters\":{}}}", "missing 'filters'" },
            { "{\"a\":{\"filters\":{\"filters\":[{\"matchAll\":{}},{\"equals\":{\"property\":[\"sp\",\"agg\",\"nope\"],\"value\":1}}]}}}", "aggregates.a.filters.filters[1].equals" },
            { "{\"a\":{\"movingFunction\":{\"bucketsPath\":\"_count\",\"window\":2,\"function\":\"MovingFunctions.max\"}}}", "movingFunction is allowed only in the aggregates of a numberHistogram or timeHistogram" },
            { "{\"a\":{\"uniqueValues\":{\"property\":[\"space\"],\"aggregates\":{\"m\":{\"movingFunction\":{\"bucketsPath\":\"_count\",\"window\":2,\"function\":\"MovingFunctions.max\"}}}}}}", "allowed only in the aggregates of a numberHistogram" },
            { Moving("\"bucketsPath\":\"nope\",\"window\":2,\"function\":\"MovingFunctions.max\""), "bucketsPath: 'nope' must name a sibling metric aggregate or be '_count'; there is no aggregate" },
            { Moving("\"bucketsPath\":\"u\",\"window\":2,\"function\":\"MovingFunctions.max\""), "it is not a metric" },
            { Moving("\"window\":2,\"function\":\"MovingFunctions.max\""), "bucketsPath: is required" },
            { Moving("\"bucketsPath\":\"_count\",\"window\":0,\"function\":\"MovingFunctions.max\""), "window: is required: a whole number of buckets, at least 1" },
            { Moving("\"bucketsPath\":\"_count\",\"window\":2,\"function\":\"MovingFunctions.median\""), "function: is required: one of MovingFunctions.max" },
            { Moving("\"bucketsPath\":\"_count\",\"window\":2,\"function\":\"MovingFunctions.max\",\"shift\":1"), "unknown field 'shift'" },
        };

        private static string Moving(string spec) =>
            "{\"h\":{\"numberHistogram\":{\"property\":[\"sp\",\"agg\",\"f64\"],\"interval\":5,\"aggregates\":{"
            + "\"u\":{\"uniqueValues\":{\"property\":[\"space\"]}},\"m\":{\"movingFunction\":{" + spec + "}}}}}}";

        [Theory]
        [MemberData(nameof(Refusals))]
        public async Task InvalidAggregatesAreRefusedNamingThePart(string aggregates, string message)
        {
            var s = await Seeded();
            var reply = await _f.Post($"/streams/{s.Stream}/records/aggregate", "{\"aggregates\":" + aggregates + "}");
            Assert.Equal(400, reply.Code);
            var error = reply.Json.GetProperty("error");
            Assert.Equal(400, error.GetProperty("code").GetInt32());
            Assert.Contains(message, error.GetProperty("message").GetString());
        }

        [Theory]
        [InlineData("{\"filter\":{\"matchAll\":{}}}", "'aggregates'")]
        [InlineData("{\"aggregates\":{\"n\":{\"count\":{}}},\"limit\":5}", "Unrecognized field 'limit'")]
        [InlineData("{\"aggregates\":{\"n\":{\"count\":{}}},\"filter\":{\"matchAll\":1}}", "filter.matchAll")]
        [InlineData("{\"aggregates\":{\"n\":{\"count\":{}}},\"lastUpdatedTime\":{\"gt\":1,\"gte\":2}}", "lastUpdatedTime")]
        public async Task InvalidRequestBodiesAreRefused(string body, string message)
        {
            var s = await Seeded();
            var reply = await _f.Post($"/streams/{s.Stream}/records/aggregate", body);
            Assert.Equal(400, reply.Code);
            Assert.Contains(message, reply.ErrorMessage);
        }

        [Fact]
        public async Task UnknownStreamIsNotFound()
        {
            var reply = await _f.Post("/streams/no-such-stream/records/aggregate", "{\"aggregates\":{\"n\":{\"count\":{}}}}");
            Assert.Equal(404, reply.Code);
        }

        [Fact]
        public async Task DeletedRecordsAreNotCounted()
        {
            string stream = await _f.NewStream();
            await Ok(_f.Ingest(stream, Item("a"), Item("b"), Item("c")));
            await Ok(_f.Delete(stream, "b"));
            var a = await Aggregate(stream, "{\"n\":{\"count\":{}},\"s\":{\"sum\":{\"property\":[\"sp\",\"all\",\"i64\"]}}}");
            Assert.Equal(2, a.GetProperty("n").GetProperty("count").GetInt64());
            Assert.Equal(2, a.GetProperty("s").GetProperty("sum").GetDouble());
        }
    }
}
