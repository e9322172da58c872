using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CogniteRecords.Bench
{
    /// <summary>
    /// The in-memory page server (cases am and dm): serves a stream's sync pages from memory over loopback, so that
    /// the client's own ceiling shows without the emulator's cost per record. At start it reads the whole stream
    /// once from --upstream (the emulator), exactly as case (d) does (the same request body, --page-size records per
    /// page), keeps every page's bytes as they came and replaces each page's nextCursor by its own ("page-N"). Then:
    ///   POST .../records/sync   with initializeCursor: page 0; with cursor "page-N": page N (any other cursor: 400)
    ///   anything else           forwarded once to --upstream and its answer kept and replayed (the container
    ///                           lookup and the like that a client makes before it syncs)
    /// Every request must carry "Authorization: Bearer $BENCH_TOKEN" (else 401). It listens on 127.0.0.1 only and
    /// prints one line "PAGESERVER READY {json}" with its address once the pages are in memory.
    /// </summary>
    internal static class PageServer
    {
        private const string CursorPrefix = "page-";

        public static int Run(Dictionary<string, string> options)
        {
            string upstream = options.Required("upstream").TrimEnd('/');
            string project = options.Required("project");
            string stream = options.Required("stream");
            string[] source = options.Required("source").Split('/');
            if (source.Length != 2) throw new ArgumentException("--source must be 'space/container'");
            int pageSize = int.Parse(options.Optional("page-size", "1000"), System.Globalization.CultureInfo.InvariantCulture);
            int port = int.Parse(options.Optional("port", "0"), System.Globalization.CultureInfo.InvariantCulture);
            string token = Environment.GetEnvironmentVariable("BENCH_TOKEN")
                ?? throw new ArgumentException("BENCH_TOKEN must hold the access token");

            var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All }) { Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var syncUri = new Uri($"{upstream}/api/v1/projects/{Uri.EscapeDataString(project)}/streams/{Uri.EscapeDataString(stream)}/records/sync");
            var pages = RecordPages(http, syncUri, source[0], source[1], pageSize).GetAwaiter().GetResult();

            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
            var app = builder.Build();
            string expectedAuthorization = "Bearer " + token;
            var replies = new ConcurrentDictionary<string, Reply>(StringComparer.Ordinal);
            app.Run(context => Serve(context, pages, expectedAuthorization, replies, http, upstream));
            app.StartAsync().GetAwaiter().GetResult();

            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            long records = pages.Sum(p => (long)p.Records);
            long bytes = pages.Sum(p => (long)p.Body.Length);
            Console.WriteLine("PAGESERVER READY " + JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["url"] = address.TrimEnd('/'),
                ["pages"] = pages.Count,
                ["records"] = records,
                ["bytes"] = bytes,
            }));
            Console.Out.Flush();
            app.WaitForShutdownAsync().GetAwaiter().GetResult();
            return 0;
        }

        private sealed record Page(byte[] Body, int Records);

        private sealed record Reply(int Status, string? ContentType, byte[] Body);

        private static async Task<List<Page>> RecordPages(HttpClient http, Uri uri, string space, string container, int pageSize)
        {
            var pages = new List<Page>();
            string? cursor = null;
            bool hasNext;
            do
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, uri)
                {
                    Content = new ByteArrayContent(TransportLoop.RequestBody(space, container, pageSize, cursor, "365d-ago")),
                };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await http.SendAsync(request).ConfigureAwait(false);
                byte[] body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"recording: sync answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
                var (records, cursorStart, cursorLength, next, more) = Scan(body);
                cursor = next;
                hasNext = more;
                // The page as it came, with its nextCursor replaced by ours (a JSON string either way).
                byte[] ours = Encoding.UTF8.GetBytes("\"" + CursorPrefix + (pages.Count + 1) + "\"");
                var rewritten = new byte[body.Length - cursorLength + ours.Length];
                body.AsSpan(0, cursorStart).CopyTo(rewritten);
                ours.CopyTo(rewritten.AsSpan(cursorStart));
                body.AsSpan(cursorStart + cursorLength).CopyTo(rewritten.AsSpan(cursorStart + ours.Length));
                pages.Add(new Page(rewritten, records));
            }
            while (hasNext);
            return pages;
        }

        /// <summary>The items of a page, where its nextCursor string sits (quotes included), its value and hasNext.</summary>
        private static (int Records, int CursorStart, int CursorLength, string Cursor, bool HasNext) Scan(byte[] page)
        {
            var reader = new Utf8JsonReader(page);
            int records = 0, start = -1, length = 0;
            string? cursor = null;
            bool hasNext = false;
            reader.Read();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.ValueTextEquals("items"u8))
                {
                    reader.Read();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) { records++; reader.Skip(); }
                }
                else if (reader.ValueTextEquals("nextCursor"u8))
                {
                    reader.Read();
                    start = (int)reader.TokenStartIndex;
                    length = (int)(reader.BytesConsumed - reader.TokenStartIndex);
                    cursor = reader.GetString();
                }
                else if (reader.ValueTextEquals("hasNext"u8))
                {
                    reader.Read();
                    hasNext = reader.GetBoolean();
                }
                else { reader.Read(); reader.Skip(); }
            }
            if (cursor is null || start < 0) throw new InvalidDataException("recording: a sync page has no nextCursor");
            return (records, start, length, cursor, hasNext);
        }

        private static async Task Serve(HttpContext context, List<Page> pages, string authorization, ConcurrentDictionary<string, Reply> replies, HttpClient http, string upstream)
        {
            var request = context.Request;
            if (!string.Equals(request.Headers.Authorization.ToString(), authorization, StringComparison.Ordinal))
            {
                await Answer(context, 401, "{\"error\":{\"code\":401,\"message\":\"Unauthorized\"}}").ConfigureAwait(false);
                return;
            }
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
            if (HttpMethods.IsPost(request.Method) && request.Path.Value!.EndsWith("/records/sync", StringComparison.Ordinal))
            {
                int index = PageIndex(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), pages.Count);
                if (index < 0)
                {
                    await Answer(context, 400, "{\"error\":{\"code\":400,\"message\":\"Unknown cursor (this page server knows only its own).\"}}").ConfigureAwait(false);
                    return;
                }
                byte[] body = pages[index].Body;
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = body.Length;
                await context.Response.Body.WriteAsync(body).ConfigureAwait(false);
                return;
            }
            // Anything else: asked upstream once, then replayed.
            string requestBody = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            string key = request.Method + " " + request.Path + request.QueryString + "\n" + requestBody;
            if (!replies.TryGetValue(key, out var reply))
            {
                using var forward = new HttpRequestMessage(new HttpMethod(request.Method), upstream + request.Path + request.QueryString);
                if (buffer.Length > 0)
                {
                    forward.Content = new ByteArrayContent(buffer.ToArray());
                    if (request.ContentType is { } type) forward.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
                }
                using var response = await http.SendAsync(forward).ConfigureAwait(false);
                reply = new Reply((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(),
                    await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false));
                replies[key] = reply;
            }
            context.Response.StatusCode = reply.Status;
            if (reply.ContentType != null) context.Response.ContentType = reply.ContentType;
            context.Response.ContentLength = reply.Body.Length;
            await context.Response.Body.WriteAsync(reply.Body).ConfigureAwait(false);
        }

        /// <summary>0 for a request with initializeCursor, N for cursor "page-N"; -1 for anything else.</summary>
        private static int PageIndex(ReadOnlySpan<byte> body, int count)
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return -1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("cursor"u8))
                {
                    reader.Read();
                    string? cursor = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    if (cursor is null || !cursor.StartsWith(CursorPrefix, StringComparison.Ordinal)) return -1;
                    return int.TryParse(cursor.AsSpan(CursorPrefix.Length), out int n) && n >= 0 && n < count ? n : -1;
                }
                reader.Read();
                reader.Skip();
            }
            return 0;
        }

        private static Task Answer(HttpContext context, int status, string json)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(json);
        }
    }
}
