using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Tasks;

namespace CogniteRecords.Bench
{
    /// <summary>
    /// Case (d), the transport limit: what the sync endpoint allows when nothing but the minimum is done.
    /// One request at a time (a sync cursor is sequential), each page read whole into a reused buffer and
    /// walked with Utf8JsonReader; every value of every record is decoded (strings unescaped into a scratch
    /// buffer, numbers and booleans read) and thrown away. So the figure is bytes over HTTP plus JSON decoding:
    /// no objects are built, nothing is kept.
    /// </summary>
    internal static class TransportLoop
    {
        public static int Run(Dictionary<string, string> options)
        {
            string baseUrl = options.Required("base-url").TrimEnd('/');
            string project = options.Required("project");
            string stream = options.Required("stream");
            string[] source = options.Required("source").Split('/');
            if (source.Length != 2) throw new ArgumentException("--source must be 'space/container'");
            int pageSize = int.Parse(options.Optional("page-size", "1000"), System.Globalization.CultureInfo.InvariantCulture);
            string initializeCursor = options.Optional("initialize-cursor", "365d-ago");
            string token = Environment.GetEnvironmentVariable("BENCH_TOKEN")
                ?? throw new ArgumentException("BENCH_TOKEN must hold the access token");

            var uri = new Uri($"{baseUrl}/api/v1/projects/{Uri.EscapeDataString(project)}/streams/{Uri.EscapeDataString(stream)}/records/sync");
            using var handler = new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);
            var clock = Stopwatch.StartNew();
            var result = ReadStream(http, uri, source[0], source[1], pageSize, initializeCursor).GetAwaiter().GetResult();
            clock.Stop();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var jit = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false) - jitBefore;

            using var stdout = Console.OpenStandardOutput();
            stdout.Write("BENCH-RESULT "u8);
            using var json = new Utf8JsonWriter(stdout);
            json.WriteStartObject();
            json.WriteNumber("records", result.Records);
            json.WriteNumber("pages", result.Pages);
            json.WriteNumber("bytes", result.Bytes);
            json.WriteNumber("seconds", clock.Elapsed.TotalSeconds);
            json.WriteNumber("cpuSeconds", cpu.TotalSeconds);
            json.WriteNumber("jitMethods", jit);
            json.WriteNumber("peakWorkingSetBytes", ProcessStats.PeakWorkingSetBytes());
            json.WriteEndObject();
            json.Flush();
            stdout.WriteByte((byte)'\n');
            return 0;
        }

        private readonly record struct Totals(long Records, long Pages, long Bytes);

        private static async Task<Totals> ReadStream(HttpClient http, Uri uri, string space, string container, int pageSize, string initializeCursor)
        {
            long records = 0, pages = 0, bytes = 0;
            string? cursor = null;
            byte[] body = new byte[1 << 20];
            byte[] scratch = new byte[4096];
            bool hasNext;
            do
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, uri)
                {
                    Content = new ByteArrayContent(RequestBody(space, container, pageSize, cursor, initializeCursor)),
                };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    string error = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    throw new InvalidOperationException($"sync answered {(int)response.StatusCode}: {error}");
                }
                int length;
                using (var content = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                {
                    length = 0;
                    int read;
                    while ((read = await content.ReadAsync(body.AsMemory(length)).ConfigureAwait(false)) > 0)
                    {
                        length += read;
                        if (length == body.Length) Array.Resize(ref body, body.Length * 2);
                    }
                }
                bytes += length;
                pages++;
                records += ParsePage(body.AsSpan(0, length), ref scratch, out cursor, out hasNext);
            }
            while (hasNext);
            return new Totals(records, pages, bytes);
        }

        internal static byte[] RequestBody(string space, string container, int pageSize, string? cursor, string initializeCursor)
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteStartArray("sources");
                json.WriteStartObject();
                json.WriteStartObject("source");
                json.WriteString("type", "container");
                json.WriteString("space", space);
                json.WriteString("externalId", container);
                json.WriteEndObject();
                json.WriteStartArray("properties");
                json.WriteStringValue("*");
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndArray();
                if (cursor is null) json.WriteString("initializeCursor", initializeCursor);
                else json.WriteString("cursor", cursor);
                json.WriteNumber("limit", pageSize);
                json.WriteEndObject();
            }
            return buffer.WrittenSpan.ToArray();
        }

        /// <summary>Walks one sync response; returns the number of items, every value decoded and dropped.</summary>
        private static long ParsePage(ReadOnlySpan<byte> page, ref byte[] scratch, out string? nextCursor, out bool hasNext)
        {
            var reader = new Utf8JsonReader(page);
            long items = 0;
            nextCursor = null;
            hasNext = false;
            bool sawHasNext = false;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new InvalidDataException("a sync response is not an object");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.TokenType != JsonTokenType.PropertyName) throw new InvalidDataException("unexpected token in a sync response");
                if (reader.ValueTextEquals("items"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray) throw new InvalidDataException("items is not an array");
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        items++;
                        DecodeValue(ref reader, ref scratch);
                    }
                }
                else if (reader.ValueTextEquals("nextCursor"u8))
                {
                    reader.Read();
                    nextCursor = reader.GetString();
                }
                else if (reader.ValueTextEquals("hasNext"u8))
                {
                    reader.Read();
                    hasNext = reader.GetBoolean();
                    sawHasNext = true;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (!sawHasNext || nextCursor is null) throw new InvalidDataException("a sync response lacks hasNext or nextCursor");
            return items;
        }

        /// <summary>Decodes the value the reader stands on (and everything inside it) without keeping it.</summary>
        private static void DecodeValue(ref Utf8JsonReader reader, ref byte[] scratch)
        {
            int depth = reader.CurrentDepth;
            do
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                    case JsonTokenType.PropertyName:
                        int max = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
                        if (max > scratch.Length) scratch = new byte[Math.Max(max, scratch.Length * 2)];
                        reader.CopyString(scratch);
                        break;
                    case JsonTokenType.Number:
                        if (!reader.TryGetInt64(out _)) reader.GetDouble();
                        break;
                    case JsonTokenType.True:
                    case JsonTokenType.False:
                        reader.GetBoolean();
                        break;
                }
                if (reader.CurrentDepth == depth && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName))
                    return;
            }
            while (reader.Read());
        }
    }
}
