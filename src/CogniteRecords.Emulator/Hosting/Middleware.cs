using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Admin;
using CogniteRecords.Emulator.Api;
using CogniteRecords.Emulator.Identity;
using Microsoft.AspNetCore.Http;

namespace CogniteRecords.Emulator.Hosting
{
    /// <summary>The request pipeline: request id, request log, faults, CDF-shaped errors, bearer auth.</summary>
    internal sealed class Middleware
    {
        private readonly EmulatorRuntime _rt;

        public Middleware(EmulatorRuntime rt) => _rt = rt;

        public const string PrincipalKey = "emulator.principal";

        /// <summary>
        /// Outermost: every response carries x-request-id, and a Date header by the emulator's clock (as a service's Date
        /// is its own time; clients that measure age by the service's clock see a moved clock).
        /// </summary>
        public Task RequestId(HttpContext ctx, Func<Task> next)
        {
            ctx.Response.Headers["x-request-id"] = Guid.NewGuid().ToString("N");
            ctx.Response.Headers.Date = _rt.Clock.GetUtcNow().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            return next();
        }

        /// <summary>Logs /api/ requests (body captured, the Authorization header only as present or not).</summary>
        public async Task Log(HttpContext ctx, Func<Task> next)
        {
            var path = ctx.Request.Path.Value ?? "";
            if (!path.StartsWith("/api/", StringComparison.Ordinal)) { await next(); return; }
            string? body = null;
            bool truncated = false;
            if (ctx.Request.ContentLength is > 0 || ctx.Request.Headers.TransferEncoding.Count > 0)
            {
                ctx.Request.EnableBuffering(bufferThreshold: 1024 * 1024, bufferLimit: 64L * 1024 * 1024);
                // Read at most MaxBody + 1 bytes (to know it was cut), into a pooled buffer: sync requests are many and small.
                int want = (int)Math.Min(RequestLog.MaxBody + 1L, ctx.Request.ContentLength ?? RequestLog.MaxBody + 1L);
                var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(want, 1));
                try
                {
                    int read = 0, n;
                    while (read < want && (n = await ctx.Request.Body.ReadAsync(buffer.AsMemory(read, want - read), ctx.RequestAborted)) > 0) read += n;
                    truncated = read > RequestLog.MaxBody || (ctx.Request.ContentLength ?? 0) > RequestLog.MaxBody;
                    body = Encoding.UTF8.GetString(buffer, 0, Math.Min(read, RequestLog.MaxBody));
                }
                finally { System.Buffers.ArrayPool<byte>.Shared.Return(buffer); }
                ctx.Request.Body.Position = 0;
            }
            var entry = new LoggedRequest
            {
                Id = _rt.Requests.NextId(),
                Time = _rt.Clock.NowMs,
                Method = ctx.Request.Method,
                Path = path,
                Query = ctx.Request.QueryString.Value ?? "",
                Body = body,
                BodyTruncated = truncated,
                BodyBytes = ctx.Request.ContentLength,
                HasAuthorization = ctx.Request.Headers.Authorization.Count > 0,
                RequestId = ctx.Response.Headers["x-request-id"].ToString(),
            };
            ctx.Items["emulator.log"] = entry;
            try
            {
                await next();
            }
            finally
            {
                entry.Status = ctx.Response.StatusCode;
                _rt.Requests.Add(entry);
            }
        }

        /// <summary>Injected faults: an error status, latency, a dropped connection, a truncated body.</summary>
        public async Task Faults(HttpContext ctx, Func<Task> next)
        {
            var path = ctx.Request.Path.Value ?? "";
            var fault = path.StartsWith("/_emulator", StringComparison.Ordinal) ? null : _rt.Faults.Pick(ctx.Request.Method, path);
            if (fault == null) { await next(); return; }
            if (ctx.Items["emulator.log"] is LoggedRequest entry) entry.Fault = fault.Kind == "status" ? $"status {fault.Status}" : fault.Kind;
            if (fault.LatencyMs > 0) await Task.Delay(fault.LatencyMs, ctx.RequestAborted);
            switch (fault.Kind)
            {
                case "latency":
                    await next();
                    return;
                case "status":
                    if (fault.RetryAfter is int ra) ctx.Response.Headers["Retry-After"] = ra.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await WriteError(ctx, new ApiException(fault.Status, $"Injected fault: HTTP {fault.Status} ({StatusText(fault.Status)})."));
                    return;
            }
            // drop / truncate: produce the real answer, then send part of it.
            var original = ctx.Response.Body;
            using var captured = new MemoryStream();
            ctx.Response.Body = captured;
            try { await next(); }
            finally { ctx.Response.Body = original; }
            var bytes = captured.ToArray();
            int half = Math.Max(1, bytes.Length / 2);
            if (fault.Kind == "truncate")
            {
                ctx.Response.ContentLength = Math.Min(half, bytes.Length);
                await original.WriteAsync(bytes.AsMemory(0, Math.Min(half, bytes.Length)));
                return;
            }
            ctx.Response.ContentLength = bytes.Length + 1;
            await original.WriteAsync(bytes.AsMemory(0, Math.Min(half, bytes.Length)));
            await original.FlushAsync();
            ctx.Abort();
        }

        private static string StatusText(int status) => status switch
        {
            408 => "request timeout", 429 => "too many requests", 500 => "internal server error", 502 => "bad gateway",
            503 => "service unavailable", 504 => "gateway timeout", _ => "injected",
        };

        /// <summary>Turns exceptions into CDF's error body.</summary>
        public async Task Errors(HttpContext ctx, Func<Task> next)
        {
            try
            {
                await next();
            }
            catch (ApiException e)
            {
                if (ctx.Response.HasStarted) { ctx.Abort(); return; }
                await WriteError(ctx, e);
            }
            catch (BadHttpRequestException e)
            {
                if (ctx.Response.HasStarted) { ctx.Abort(); return; }
                await WriteError(ctx, new ApiException(e.StatusCode, e.Message));
            }
            catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
            {
                // The client went away.
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"emulator: {ctx.Request.Method} {ctx.Request.Path} failed: {e}");
                if (ctx.Response.HasStarted) { ctx.Abort(); return; }
                await WriteError(ctx, new ApiException(500, $"Internal emulator error: {e.GetType().Name}: {e.Message}"));
            }
        }

        internal static Task WriteError(HttpContext ctx, ApiException e)
        {
            ctx.Response.Headers.Remove("Content-Length");
            return HttpIo.WriteJsonAsync(ctx, e.Status, w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("error");
                w.WriteNumber("code", e.Status);
                w.WriteString("message", e.Message);
                if (e.Missing != null) { w.WritePropertyName("missing"); e.Missing.WriteTo(w); }
                if (e.Duplicated != null) { w.WritePropertyName("duplicated"); e.Duplicated.WriteTo(w); }
                if (e.Partial != null) { w.WritePropertyName("partial"); e.Partial.WriteTo(w); }
                w.WriteEndObject();
                w.WriteEndObject();
            });
        }

        /// <summary>
        /// Admin and identity calls (everything outside /api/) answer only what a local program sends: the emulator binds
        /// loopback, but a web page in the user's browser can still reach it. So a foreign Origin (a page on another site,
        /// or "null") is refused, a Host that is not a loopback name (DNS rebinding) is refused, and an admin call that
        /// carries a body must say it is JSON (a page can post text/plain without asking first).
        /// </summary>
        public Task LocalOnly(HttpContext ctx, Func<Task> next)
        {
            var path = ctx.Request.Path.Value ?? "";
            if (path.StartsWith("/api/", StringComparison.Ordinal)) return next();
            var host = ctx.Request.Host.Host;
            if (!IsLoopbackName(host))
                throw new ApiException(403, $"Forbidden: the Host header '{Printable(ctx.Request.Host.Value)}' is not a loopback name; admin and identity calls answer only requests to 127.0.0.1, [::1] or localhost.");
            var origins = ctx.Request.Headers.Origin;
            if (origins.Count > 0)
            {
                var origin = origins.ToString();
                if (!Uri.TryCreate(origin, UriKind.Absolute, out var o) || (o.Scheme != "http" && o.Scheme != "https") || !IsLoopbackName(o.Host))
                    throw new ApiException(403, $"Forbidden: requests from the web origin '{Printable(origin)}' are refused; admin and identity calls answer only local programs.");
            }
            if (path.StartsWith("/_emulator/", StringComparison.Ordinal) && HasBody(ctx.Request) && !IsJson(ctx.Request.ContentType))
                throw new ApiException(415, $"Unsupported media type '{Printable(ctx.Request.ContentType ?? "none")}': admin calls take a JSON body (Content-Type: application/json).");
            return next();
        }

        private static bool IsLoopbackName(string host)
        {
            host = host.Trim('[', ']');
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
            return System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip);
        }

        private static bool HasBody(HttpRequest r) =>
            r.ContentLength is > 0 || r.Headers.TransferEncoding.Count > 0 || !string.IsNullOrEmpty(r.ContentType);

        private static bool IsJson(string? contentType)
        {
            if (contentType == null || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)) return false;
            var type = media.MediaType.Value ?? "";
            return type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>A header value fit for an error message: printable ASCII, at most 100 characters.</summary>
        private static string Printable(string value)
        {
            var sb = new StringBuilder(Math.Min(value.Length, 100));
            foreach (var c in value)
            {
                if (sb.Length >= 100) { sb.Append("..."); break; }
                sb.Append(c >= ' ' && c < (char)127 ? c : '?');
            }
            return sb.ToString();
        }

        /// <summary>Every /api/v1 call needs a valid bearer token that reaches the path's project.</summary>
        public Task Auth(HttpContext ctx, Func<Task> next)
        {
            var path = ctx.Request.Path.Value ?? "";
            if (!path.StartsWith("/api/", StringComparison.Ordinal)) return next();
            var header = ctx.Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
                throw new ApiException(401, "Unauthorized: a bearer token is required (Authorization: Bearer <token>).");
            var principal = _rt.Identity.ValidateAccessToken(header[7..].Trim(), out var reason);
            if (principal == null) throw new ApiException(401, $"Unauthorized: {reason ?? "invalid token"}.");
            const string prefix = "/api/v1/projects/";
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                int end = path.IndexOf('/', prefix.Length);
                var project = Uri.UnescapeDataString(end < 0 ? path[prefix.Length..] : path[prefix.Length..end]);
                if (!principal.Projects.Contains(project, StringComparer.Ordinal))
                    throw new ApiException(403, $"Forbidden: the token has no access to project '{project}'.");
            }
            ctx.Items[PrincipalKey] = principal;
            return next();
        }

        /// <summary>GET /api/v1/token/inspect: who the token speaks for, in CDF's shape.</summary>
        public static Task TokenInspect(HttpContext ctx)
        {
            var principal = (TokenPrincipal)ctx.Items[PrincipalKey]!;
            return HttpIo.WriteJsonAsync(ctx, 200, w =>
            {
                w.WriteStartObject();
                w.WriteString("subject", principal.Subject);
                w.WriteStartArray("projects");
                foreach (var p in principal.Projects)
                {
                    w.WriteStartObject();
                    w.WriteString("projectUrlName", p);
                    w.WriteStartArray("groups"); w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("capabilities");
                foreach (var acl in new[] { "streamsAcl", "streamRecordsAcl", "dataModelsAcl" })
                {
                    w.WriteStartObject();
                    w.WriteStartObject(acl);
                    w.WriteStartArray("actions");
                    foreach (var a in acl == "streamsAcl" ? new[] { "READ", "CREATE", "DELETE" } : new[] { "READ", "WRITE" }) w.WriteStringValue(a);
                    w.WriteEndArray();
                    w.WriteStartObject("scope"); w.WriteStartObject("all"); w.WriteEndObject(); w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteStartObject("projectScope");
                    w.WriteStartArray("projects");
                    foreach (var p in principal.Projects) w.WriteStringValue(p);
                    w.WriteEndArray();
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
    }
}
