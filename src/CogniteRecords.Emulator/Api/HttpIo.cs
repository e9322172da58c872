using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace CogniteRecords.Emulator.Api
{
    /// <summary>Reading request bodies and writing JSON responses.</summary>
    internal static class HttpIo
    {
        public const long MaxWriteBody = 10L * 1024 * 1024;

        /// <summary>Writer options for every response: UTF-8 as it is (no \u escapes for quotes or non-ASCII), like CDF.</summary>
        public static readonly JsonWriterOptions Writer = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public static async Task<JsonDocument> ReadJsonAsync(HttpContext ctx, long maxBytes = 20L * 1024 * 1024)
        {
            if (ctx.Request.ContentLength is long len && len > maxBytes)
                throw new ApiException(413, $"The request body is {len} bytes; at most {maxBytes} bytes are accepted.");
            var buffer = new ArrayBufferWriter<byte>(ctx.Request.ContentLength is long l && l > 0 ? (int)Math.Min(l, maxBytes) : 4096);
            var body = ctx.Request.Body;
            while (true)
            {
                var span = buffer.GetMemory(16 * 1024);
                int n = await body.ReadAsync(span, ctx.RequestAborted);
                if (n == 0) break;
                buffer.Advance(n);
                if (buffer.WrittenCount > maxBytes)
                    throw new ApiException(413, $"The request body is larger than {maxBytes} bytes.");
            }
            if (buffer.WrittenCount == 0) throw new ApiException(400, "The request body is empty; a JSON object is required.");
            try
            {
                return JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 64 });
            }
            catch (JsonException e)
            {
                throw new ApiException(400, $"The request body is not valid JSON: {e.Message}");
            }
        }

        public static async Task WriteJsonAsync(HttpContext ctx, int status, Action<Utf8JsonWriter> write)
        {
            var buffer = new ArrayBufferWriter<byte>(1024);
            using (var w = new Utf8JsonWriter(buffer, Writer)) write(w);
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength = buffer.WrittenCount;
            await ctx.Response.Body.WriteAsync(buffer.WrittenMemory, ctx.RequestAborted);
        }

        public static Task WriteEmptyAsync(HttpContext ctx, int status) => WriteJsonAsync(ctx, status, w => { w.WriteStartObject(); w.WriteEndObject(); });

        public static void Raw(PipeWriter w, ReadOnlySpan<byte> data)
        {
            var span = w.GetSpan(data.Length);
            data.CopyTo(span);
            w.Advance(data.Length);
        }
    }
}
