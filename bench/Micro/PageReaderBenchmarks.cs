using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using CogniteRecords.Core.Models;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Bench.Micro
{
    /// <summary>
    /// The engine's page reader over one sync page of 1000 records shaped like the emulator's seeded ones (10
    /// properties: text, int64, float64, boolean, timestamp, text list, json, date, text, int64): JSON reading and
    /// value conversion, no HTTP. Divide by 1000 for the cost per record.
    /// </summary>
    [MemoryDiagnoser]
    public class PageReaderBenchmarks
    {
        private byte[] _page = Array.Empty<byte>();
        private RecordColumns _columns = null!;
        private ConstructorInfo _ctor = null!;
        private MethodInfo _read = null!;

        [GlobalSetup]
        public void Setup()
        {
            _page = Encoding.UTF8.GetBytes(SyntheticPage(1000));
            var types = new (string Name, string Type, bool List)[]
            {
                ("text0", "text", false), ("int1", "int64", false), ("float2", "float64", false), ("bool3", "boolean", false),
                ("time4", "timestamp", false), ("tags5", "text", true), ("json6", "json", false), ("date7", "date", false),
                ("text8", "text", false), ("int9", "int64", false),
            };
            var container = new ContainerDefinition("emulator", "synthetic",
                types.Select(t => new KeyValuePair<string, PropertyType>(t.Name, new PropertyType(t.Type, t.List))).ToList());
            _columns = RecordColumns.Build(new[] { new SourceSelection("emulator", "synthetic", new[] { "*" }) }, new[] { container });
            // The reader is internal to the engine: reach it by reflection (its constructor may grow optional parameters).
            var type = typeof(SyncEngine).Assembly.GetType("CogniteRecords.Core.Sync.SyncPageReader", throwOnError: true)!;
            _ctor = type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).OrderBy(c => c.GetParameters().Length).First();
            _read = type.GetMethod("ReadAsync", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)!;
        }

        [Benchmark(Description = "SyncPageReader: one page of 1000 records")]
        public async Task<object?> ReadPage()
        {
            var parameters = _ctor.GetParameters();
            var args = new object?[parameters.Length];
            for (int i = 0; i < args.Length; i++)
            {
                var p = parameters[i];
                args[i] = p.ParameterType == typeof(RecordColumns) ? _columns
                    : p.ParameterType == typeof(JsonValueFactory) ? JsonValueFactory.Default
                    : p.HasDefaultValue ? p.DefaultValue
                    : p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null;
            }
            var reader = _ctor.Invoke(args);
            var task = (Task)_read.Invoke(reader, new object[] { new MemoryStream(_page, writable: false), CancellationToken.None })!;
            await task.ConfigureAwait(false);
            return task.GetType().GetProperty("Result")!.GetValue(task);
        }

        /// <summary>A sync response as the emulator writes it for its seeded records (see its README).</summary>
        internal static string SyntheticPage(int count)
        {
            var sb = new StringBuilder("{\"items\":[");
            for (int n = 0; n < count; n++)
            {
                if (n > 0) sb.Append(',');
                var time = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(n + 4).ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
                var date = new DateTime(2024, 1, 1).AddDays((n + 7) % 365).ToString("yyyy-MM-dd");
                sb.Append("{\"space\":\"emulator\",\"externalId\":\"rec-").Append(n.ToString("D8")).Append("\",\"createdTime\":1795742238024,")
                  .Append("\"lastUpdatedTime\":1795742238024,\"status\":\"created\",\"properties\":{\"emulator\":{\"synthetic\":{")
                  .Append("\"text0\":\"value-").Append(n).Append("-0\",\"int1\":").Append(n * 1000 + 1)
                  .Append(",\"float2\":").Append((n * 0.5 + 2).ToString(System.Globalization.CultureInfo.InvariantCulture))
                  .Append(",\"bool3\":").Append((n + 3) % 2 == 0 ? "true" : "false")
                  .Append(",\"time4\":\"").Append(time).Append("\",\"tags5\":[\"a").Append(n % 10).Append("\",\"b").Append((n + 5) % 7).Append("\"]")
                  .Append(",\"json6\":{\"n\":").Append(n).Append(",\"tag\":\"t").Append(n % 5).Append("\"}")
                  .Append(",\"date7\":\"").Append(date).Append("\",\"text8\":\"value-").Append(n).Append("-8\",\"int9\":").Append(n * 1000 + 9)
                  .Append("}}}}");
            }
            sb.Append("],\"nextCursor\":\"abc\",\"hasNext\":true}");
            return sb.ToString();
        }
    }
}
