using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CogniteRecords.Core.Tests
{
    /// <summary>
    /// A small server on 127.0.0.1 that plays one broken or hostile answer per test (the play gets the request and its
    /// number, from 1). Large bodies are streamed from one small buffer, never allocated, so that a test can show the
    /// client's memory stays bounded while the server sends more than the client's cap.
    /// </summary>
    public sealed class HostileServer : IAsyncDisposable
    {
        public const string Project = "p";
        public const string Token = "hostile-test-token-0123456789abcdef";

        private readonly WebApplication _app;
        private int _requests;

        private HostileServer(WebApplication app) => _app = app;

        /// <summary>http://127.0.0.1:port</summary>
        public Uri BaseUrl { get; private set; } = null!;

        /// <summary>Requests the server received.</summary>
        public int Requests => Volatile.Read(ref _requests);

        /// <summary>The User-Agent of each request, in order.</summary>
        public ConcurrentQueue<string> UserAgents { get; } = new ConcurrentQueue<string>();

        /// <summary>A self-signed certificate for 127.0.0.1, valid for a day.</summary>
        public static System.Security.Cryptography.X509Certificates.X509Certificate2 LoopbackCertificate()
        {
            using var rsa = System.Security.Cryptography.RSA.Create(2048);
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", rsa,
                System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            var names = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
            return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(
                made.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx), null);
        }

        /// <summary>The request bodies, in order (what cursor each sync request asked with).</summary>
        public ConcurrentQueue<string> Bodies { get; } = new ConcurrentQueue<string>();

        /// <param name="certificate">Serve https with this certificate (for clients that insist on https, as MSAL does).</param>
        public static async Task<HostileServer> StartAsync(Func<HttpContext, int, Task> play, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => { if (certificate != null) l.UseHttps(certificate); }));
            var app = builder.Build();
            var server = new HostileServer(app);
            app.Run(async ctx =>
            {
                var n = Interlocked.Increment(ref server._requests);
                server.UserAgents.Enqueue(ctx.Request.Headers.UserAgent.ToString());
                using (var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8))
                    server.Bodies.Enqueue(await reader.ReadToEndAsync());
                try
                {
                    await play(ctx, n);
                }
                catch (Exception e) when (e is IOException || e is OperationCanceledException || e is ObjectDisposedException)
                {
                    // The client stopped reading (as it should, past its cap).
                }
            });
            await app.StartAsync();
            server.BaseUrl = new Uri(app.Urls.First());
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        /// <summary>Writes a JSON answer.</summary>
        public static Task Json(HttpContext ctx, string json, int status = 200)
        {
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = "application/json";
            return ctx.Response.WriteAsync(json);
        }

        /// <summary>
        /// Streams <paramref name="prefix"/>, then <paramref name="fill"/> bytes of 'A' from one 64 KiB buffer, then
        /// <paramref name="suffix"/>: a body of any size at no memory cost to the server.
        /// </summary>
        public static async Task Stream(HttpContext ctx, int status, string prefix, long fill, string suffix, string contentType = "application/json",
            bool declareLength = false, TimeSpan? pauseEvery64K = null)
        {
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = contentType;
            var head = Encoding.UTF8.GetBytes(prefix);
            var tail = Encoding.UTF8.GetBytes(suffix);
            if (declareLength) ctx.Response.ContentLength = head.Length + fill + tail.Length;
            var chunk = new byte[64 * 1024];
            chunk.AsSpan().Fill((byte)'A');
            await ctx.Response.Body.WriteAsync(head, ctx.RequestAborted);
            for (long left = fill; left > 0; left -= chunk.Length)
            {
                await ctx.Response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)), ctx.RequestAborted);
                if (pauseEvery64K is TimeSpan pause)
                {
                    await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
                    await Task.Delay(pause, ctx.RequestAborted);
                }
            }
            await ctx.Response.Body.WriteAsync(tail, ctx.RequestAborted);
        }

        /// <summary>One sync item of container s/c with property v.</summary>
        public static string Item(string id, string value = "\"x\"") =>
            $"{{\"space\":\"s\",\"externalId\":\"{id}\",\"status\":\"created\",\"createdTime\":1,\"lastUpdatedTime\":1,\"properties\":{{\"s\":{{\"c\":{{\"v\":{value}}}}}}}}}";

        public static string Page(string cursor, bool hasNext, params string[] items) =>
            $"{{\"items\":[{string.Join(",", items)}],\"nextCursor\":\"{cursor}\",\"hasNext\":{(hasNext ? "true" : "false")}}}";
    }
}
