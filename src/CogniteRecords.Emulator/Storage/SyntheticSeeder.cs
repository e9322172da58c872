using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace CogniteRecords.Emulator.Storage
{
    /// <summary>
    /// Deterministic synthetic records for demos and benchmarks. Property i (0-based) of K has the type
    /// cycle[i % 8] and the name type + i: text0, int1, float2, bool3, time4, tags5, json6, date7, text8, ...
    /// Record n (0-based) has externalId "rec-" + n (8 digits) and values that depend only on n and i.
    /// </summary>
    public static class SyntheticSeeder
    {
        private static readonly (string Prefix, string Type, bool List)[] Cycle =
        {
            ("text", "text", false), ("int", "int64", false), ("float", "float64", false), ("bool", "boolean", false),
            ("time", "timestamp", false), ("tags", "text", true), ("json", "json", false), ("date", "date", false),
        };

        private static readonly DateTime Epoch = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        public static string PropertyName(int i) => Cycle[i % 8].Prefix + i.ToString(CultureInfo.InvariantCulture);

        public static string ExternalId(long n) => "rec-" + n.ToString("D8", CultureInfo.InvariantCulture);

        /// <summary>Creates the space and the container (upsert) that the synthetic records use.</summary>
        public static ContainerDef EnsureSchema(ProjectState project, string space, string container, int properties)
        {
            Identifiers.Space(space, "seed space");
            Identifiers.ContainerExternalId(container, "seed container");
            project.EnsureSpace(space);
            var buffer = new ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(buffer, CogniteRecords.Emulator.Api.HttpIo.Writer))
            {
                w.WriteStartObject();
                w.WriteString("space", space);
                w.WriteString("externalId", container);
                w.WriteString("usedFor", "record");
                w.WriteStartObject("properties");
                for (int i = 0; i < properties; i++)
                {
                    var c = Cycle[i % 8];
                    w.WriteStartObject(PropertyName(i));
                    w.WriteStartObject("type");
                    w.WriteString("type", c.Type);
                    w.WriteBoolean("list", c.List);
                    w.WriteEndObject();
                    w.WriteBoolean("nullable", true);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            using var doc = JsonDocument.Parse(buffer.WrittenMemory);
            long now = project.NowMs;
            long? created = project.Containers.TryGetValue((space, container), out var old) ? old.CreatedTime : null;
            var def = ContainerDef.Parse(doc.RootElement, "seed", now, created);
            project.Containers[(space, container)] = def;
            return def;
        }

        /// <summary>Seeds <paramref name="count"/> records into the stream (created from the template if missing).</summary>
        public static StreamState Seed(ProjectState project, string streamId, long count, int properties,
            string space = "emulator", string container = "synthetic", string template = "BasicLiveData", long firstIndex = 0)
        {
            if (properties < 1 || properties > 100) throw new ApiException(400, $"'properties' must be between 1 and 100; it was {properties}.");
            if (count < 0) throw new ApiException(400, "'records' must not be negative.");
            var t = project.Policy.Template(template, "template");
            Identifiers.StreamId(streamId, "seed stream");
            EnsureSchema(project, space, container, properties);
            if (!project.TryGetStream(streamId, out var stream)) stream = project.CreateStream(streamId, t);
            var containers = new[] { (string.Intern(space), string.Intern(container)) };
            var names = new JsonEncodedText[properties];
            for (int i = 0; i < properties; i++) names[i] = JsonEncodedText.Encode(PropertyName(i));
            var spaceName = JsonEncodedText.Encode(space);
            var containerName = JsonEncodedText.Encode(container);

            // Records are made in parallel chunks (their JSON is the costly part) and written in order.
            const int Chunk = 20_000;
            int workers = Math.Max(1, Math.Min(Environment.ProcessorCount, 4));
            for (long chunkStart = firstIndex; chunkStart < firstIndex + count; chunkStart += Chunk)
            {
                int size = (int)Math.Min(Chunk, firstIndex + count - chunkStart);
                var batch = new NewRecord[size];
                int slice = (size + workers - 1) / workers;
                System.Threading.Tasks.Parallel.For(0, workers, worker =>
                {
                    var buffer = new ArrayBufferWriter<byte>(4096);
                    using var writer = new Utf8JsonWriter(buffer, CogniteRecords.Emulator.Api.HttpIo.Writer);
                    for (int k = worker * slice; k < Math.Min(size, (worker + 1) * slice); k++)
                    {
                        long n = chunkStart + k;
                        buffer.ResetWrittenCount();
                        writer.Reset(buffer);
                        writer.WriteStartObject();
                        writer.WriteStartObject(spaceName);
                        writer.WriteStartObject(containerName);
                        for (int i = 0; i < properties; i++) WriteValue(writer, names[i], i, n);
                        writer.WriteEndObject();
                        writer.WriteEndObject();
                        writer.WriteEndObject();
                        writer.Flush();
                        batch[k] = new NewRecord(space, ExternalId(n), buffer.WrittenSpan.ToArray(), containers);
                    }
                });
                Write(stream!, batch);
            }
            return stream!;
        }

        private static void Write(StreamState stream, NewRecord[] batch)
        {
            // Seeding sets a test up: its records are visible at once, whatever the visibility delay.
            if (stream.Mutable) stream.Upsert(batch, atOnce: true); else stream.Ingest(batch, atOnce: true);
        }

        private static void WriteValue(Utf8JsonWriter w, JsonEncodedText name, int i, long n)
        {
            switch (i % 8)
            {
                case 0: w.WriteString(name, "value-" + n.ToString(CultureInfo.InvariantCulture) + "-" + i.ToString(CultureInfo.InvariantCulture)); break;
                case 1: w.WriteNumber(name, n * 1000 + i); break;
                case 2: w.WriteNumber(name, n * 0.5 + i); break;
                case 3: w.WriteBoolean(name, (n + i) % 2 == 0); break;
                case 4: w.WriteString(name, Epoch.AddSeconds(n + i).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)); break;
                case 5:
                    w.WriteStartArray(name);
                    w.WriteStringValue("a" + (n % 10).ToString(CultureInfo.InvariantCulture));
                    w.WriteStringValue("b" + ((n + i) % 7).ToString(CultureInfo.InvariantCulture));
                    w.WriteEndArray();
                    break;
                case 6:
                    w.WriteStartObject(name);
                    w.WriteNumber("n", n);
                    w.WriteString("tag", "t" + (n % 5).ToString(CultureInfo.InvariantCulture));
                    w.WriteEndObject();
                    break;
                default: w.WriteString(name, Epoch.AddDays((n + i) % 365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            }
        }
    }
}
