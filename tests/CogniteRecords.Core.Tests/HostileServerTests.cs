using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Auth;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Sync;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace CogniteRecords.Core.Tests
{
    /// <summary>
    /// Issue 18: a broken or hostile server never makes the engine loop, leak a token, bloat or hand out a bad cursor.
    /// Each case asserts the error kind (the cmdlets' ErrorId is the kind's name: InvalidResponse, ServerError, ...), a bound
    /// on time and on memory, the requests sent, and which cursors a caller would have committed.
    /// "Huge" bodies are a few times the client's cap (lowered for the test), streamed by the server, never allocated.
    /// </summary>
    [Collection("hostile")]
    public sealed class HostileServerTests
    {
        private const long Cap = 1024 * 1024;            // the client's MaxResponseBytes in these tests
        private const long Huge = 16 * 1024 * 1024;      // what the server sends: 16 times the cap
        private const long MemoryBound = 8 * 1024 * 1024; // half the huge body: reading it whole could not stay below

        private readonly ITestOutputHelper _output;

        public HostileServerTests(ITestOutputHelper output) => _output = output;

        private static (CdfApiClient Client, CountingHandler Handler) Client(HostileServer server, int maxRetries = 8, TimeSpan? attemptTimeout = null, ITokenSource? tokens = null)
        {
            var handler = new CountingHandler(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
            var client = new CdfApiClient(new CdfClientOptions
            {
                BaseUrl = server.BaseUrl,
                Project = HostileServer.Project,
                MaxRetries = maxRetries,
                RetryDelay = TimeSpan.FromMilliseconds(20),
                AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(100),
                MaxResponseBytes = Cap,
            }, tokens ?? new StaticTokenSource(HostileServer.Token), handler);
            return (client, handler);
        }

        /// <summary>Syncs stream 's' (raw items) as the cmdlet does, committing the cursor of every page returned.</summary>
        private static async Task SyncAsync(CdfApiClient client, HostileOutcome outcome, CancellationToken ct = default)
        {
            var reader = SyncEngine.Open(client, new SyncRequest("s") { InitializeCursor = "1d-ago" }, null, null, null);
            while (await reader.ReadNextAsync(ct) is SyncPage page) outcome.Committed.Add(page.NextCursor);
        }

        private async Task<HostileOutcome> PlayAsync(string name, Func<HttpContext, int, Task> play, int maxRetries = 8, TimeSpan? attemptTimeout = null,
            TimeSpan? runFor = null, ITokenSource? tokens = null)
        {
            await using var server = await HostileServer.StartAsync(play);
            var (client, handler) = Client(server, maxRetries, attemptTimeout, tokens);
            using (client)
            {
                // Without a bound, a client that loops (as before issue 18) would hang the test run: 30 s fails it instead.
                using var stop = new CancellationTokenSource(runFor ?? TimeSpan.FromSeconds(30));
                var outcome = await HostileOutcome.MeasureAsync(handler, o => SyncAsync(client, o, stop.Token));
                Report(name, outcome);
                return outcome;
            }
        }

        /// <summary>The figures for the issue's table: in the test output, and appended to $env:CDF_HOSTILE_REPORT when set.</summary>
        private void Report(string name, HostileOutcome outcome)
        {
            var line = name + ": " + outcome;
            _output.WriteLine(line);
            var file = Environment.GetEnvironmentVariable("CDF_HOSTILE_REPORT");
            if (!string.IsNullOrEmpty(file)) File.AppendAllText(file, line.Replace('\n', ' ') + Environment.NewLine);
        }

        [Fact]
        public async Task A_cursor_that_does_not_move_while_hasNext_stops_the_sync_and_nothing_after_the_first_repeat_is_committed()
        {
            var o = await PlayAsync("repeated cursor", (ctx, n) => HostileServer.Json(ctx, HostileServer.Page("c1-stuck-cursor-0123456789", true, HostileServer.Item("r" + n))));
            Assert.Equal(CdfErrorKind.InvalidResponse, o.ApiError.Kind);
            Assert.Contains("stream 's'", o.Error!.Message);
            Assert.Contains("'c1-stuck…456789'", o.Error.Message);                 // named, shortened
            Assert.Equal(new[] { "c1-stuck-cursor-0123456789" }, o.Committed);   // the first page only
            Assert.Equal(1 + SyncReader.MaxRepeatedCursor, o.Requests);
            Assert.InRange(o.Elapsed.TotalSeconds, 0, 10);
            Assert.InRange(o.AllocatedBytes, 0, MemoryBound);
        }

        [Fact]
        public async Task Empty_pages_that_say_more_waits_are_followed_with_growing_pauses_not_a_flood()
        {
            var o = await PlayAsync("empty pages, hasNext", (ctx, n) => HostileServer.Json(ctx, HostileServer.Page("c" + n, true)), runFor: TimeSpan.FromSeconds(2.5));
            // Not an error: the sync keeps following until stopped (here after 2.5 s); the cursor moves, so it is kept.
            Assert.IsAssignableFrom<OperationCanceledException>(o.Error);
            // Pauses of 0.1, 0.2, 0.4, 0.8, 1.6 s: about 5 requests in 2.5 s (it was ~3,500 in the same time).
            Assert.InRange(o.Requests, 3, 8);
            Assert.Equal(o.Requests, o.Committed.Count);
            Assert.Equal("c" + o.Committed.Count, o.Committed.Last());
            Assert.InRange(o.AllocatedBytes, 0, MemoryBound);
        }

        [Fact]
        public async Task Empty_pages_with_the_same_cursor_count_as_a_repeat()
        {
            var o = await PlayAsync("empty pages, same cursor", (ctx, n) => HostileServer.Json(ctx, HostileServer.Page("same", true)));
            Assert.Equal(CdfErrorKind.InvalidResponse, o.ApiError.Kind);
            Assert.Equal(new[] { "same" }, o.Committed);
            Assert.Equal(1 + SyncReader.MaxRepeatedCursor, o.Requests);
            Assert.InRange(o.Elapsed.TotalSeconds, 0, 10);
        }

        [Fact]
        public async Task A_huge_error_body_is_read_only_up_to_the_cap_on_every_attempt()
        {
            var o = await PlayAsync("huge error body (500)", (ctx, n) => HostileServer.Stream(ctx, 500, "{\"error\":{\"code\":500,\"message\":\"", Huge, "\"}}"), maxRetries: 3);
            Assert.Equal(CdfErrorKind.ServerError, o.ApiError.Kind);
            Assert.Equal(4, o.Requests);                       // a 500 may pass: retried, each time capped
            Assert.Empty(o.Committed);
            Assert.InRange(o.Elapsed.TotalSeconds, 0, 20);
            Assert.InRange(o.AllocatedBytes, 0, MemoryBound);  // 4 x 16 MiB were sent
        }

        [Fact]
        public async Task A_huge_value_is_refused_at_the_response_bound_without_reading_the_page_whole()
        {
            var o = await PlayAsync("huge value (streamed)", (ctx, n) =>
                HostileServer.Stream(ctx, 200, "{\"items\":[" + HostileServer.Item("big", "\"").TrimEnd('}'), Huge, "\"}}}}],\"nextCursor\":\"c\",\"hasNext\":false}"));
            Assert.Equal(CdfErrorKind.InvalidResponse, o.ApiError.Kind);
            Assert.Contains("larger than 1,048,576 bytes", o.Error!.Message);
            Assert.Equal(1, o.Requests);                       // not retried: it would be as large again
            Assert.Empty(o.Committed);
            Assert.InRange(o.Elapsed.TotalSeconds, 0, 10);
            Assert.InRange(o.AllocatedBytes, 0, MemoryBound);
        }

        [Fact]
        public async Task A_declared_length_beyond_the_bound_is_refused_before_reading()
        {
            var o = await PlayAsync("huge value (Content-Length)", (ctx, n) =>
                HostileServer.Stream(ctx, 200, "{\"items\":[" + HostileServer.Item("big", "\"").TrimEnd('}'), Huge, "\"}}}}],\"nextCursor\":\"c\",\"hasNext\":false}", declareLength: true));
            Assert.Equal(CdfErrorKind.InvalidResponse, o.ApiError.Kind);
            Assert.Equal(1, o.Requests);
            Assert.Empty(o.Committed);
            Assert.InRange(o.AllocatedBytes, 0, MemoryBound);
        }

        [Theory]
        [InlineData("{\"nextCursor\":\"c2\",\"hasNext\":true}", "'items'")]
        [InlineData("{\"items\":[],\"hasNext\":true}", "'nextCursor'")]
        [InlineData("{\"items\":[],\"nextCursor\":\"c2\"}", "'hasNext'")]
        public async Task A_page_missing_a_field_is_an_invalid_response_after_one_retry_and_is_never_committed(string page, string named)
        {
            var o = await PlayAsync("missing " + named, (ctx, n) => HostileServer.Json(ctx, page));
            Assert.Equal(CdfErrorKind.InvalidResponse, o.ApiError.Kind);
            Assert.Contains(named, o.Error!.Message);
            Assert.Equal(2, o.Requests);
            Assert.Empty(o.Committed);
            Assert.InRange(o.Elapsed.TotalSeconds, 0, 10);
            Assert.InRange(o.AllocatedBytes, 0, MemoryBound);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(100_001)]
        public async Task A_cursor_the_module_would_refuse_is_never_committed(int length)
        {
            var cursor = new string('c', length);
            var o = await PlayAsync($"cursor of {length} characters", (ctx, n) => HostileServer.Json(ctx, HostileServer.Page(cursor, true, HostileServer.Item("r"))));
            Assert.Equal(CdfErrorKind.InvalidResponse, o.ApiError.Kind);
            Assert.Contains("nextCursor", o.Error!.Message);
            Assert.Equal(1, o.Requests);
            Assert.Empty(o.Committed);
            Assert.InRange(o.AllocatedBytes, 0, MemoryBound);
        }

        [Fact]
        public async Task A_token_echoed_in_a_header_or_body_never_reaches_the_error()
        {
            const string otherJwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
            var o = await PlayAsync("echoed token", (ctx, n) =>
            {
                ctx.Response.Headers["x-request-id"] = "id-" + HostileServer.Token + " " + otherJwt + "\"{};" + new string('x', 300);
                return HostileServer.Json(ctx, $"{{\"error\":{{\"code\":400,\"message\":\"Bad token Bearer {HostileServer.Token} and {otherJwt}\"}}}}", 400);
            });
            var e = o.ApiError;
            Assert.Equal(CdfErrorKind.InvalidRequest, e.Kind);
            Assert.Equal(1, o.Requests);
            foreach (var text in new[] { e.Message, e.RequestId!, e.ToString() })
            {
                Assert.DoesNotContain(HostileServer.Token, text);
                Assert.DoesNotContain(otherJwt, text);
            }
            Assert.Contains(Redaction.Placeholder, e.Message);
            Assert.StartsWith("id-", e.RequestId);
            Assert.InRange(e.RequestId!.Length, 1, Redaction.MaxHeaderValue + 1);
            Assert.DoesNotContain("\"", e.RequestId);
            Assert.DoesNotContain("{", e.RequestId);
        }

        [Fact]
        public async Task Invalid_UTF8_in_a_200_body_is_an_invalid_response_naming_the_request()
        {
            var o = await PlayAsync("invalid UTF-8", async (ctx, n) =>
            {
                ctx.Response.ContentType = "application/json";
                var start = Encoding.UTF8.GetBytes("{\"items\":[" + HostileServer.Item("r", "\"ab").TrimEnd('}'));
                await ctx.Response.Body.WriteAsync(start);
                await ctx.Response.Body.WriteAsync(new byte[] { 0xC3, 0x28, 0xFF });
                await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("\"}}}}],\"nextCursor\":\"c\",\"hasNext\":false}"));
            });
            Assert.Equal(CdfErrorKind.InvalidResponse, o.ApiError.Kind);
            Assert.Contains("POST /api/v1/projects/p/streams/s/records/sync", o.Error!.Message);
            Assert.Equal(2, o.Requests);
            Assert.Empty(o.Committed);
            Assert.InRange(o.Elapsed.TotalSeconds, 0, 10);
        }

        [Fact]
        public async Task An_HTML_page_with_status_200_fails_at_once()
        {
            var o = await PlayAsync("HTML 200", (ctx, n) =>
            {
                ctx.Response.ContentType = "text/html; charset=utf-8";
                return ctx.Response.WriteAsync("<html><body>Please sign in to the proxy</body></html>");
            });
            Assert.Equal(CdfErrorKind.InvalidResponse, o.ApiError.Kind);
            Assert.Contains("text/html", o.Error!.Message);
            Assert.Equal(1, o.Requests);
            Assert.Empty(o.Committed);
            Assert.InRange(o.Elapsed.TotalSeconds, 0, 5);
        }

        [Fact]
        public async Task JSON_nested_ten_thousand_levels_fails_after_one_retry()
        {
            var deep = new string('[', 10_000) + new string(']', 10_000);
            var o = await PlayAsync("deep JSON", (ctx, n) => HostileServer.Json(ctx, "{\"items\":[" + HostileServer.Item("r", deep) + "],\"nextCursor\":\"c\",\"hasNext\":false}"));
            Assert.Equal(CdfErrorKind.InvalidResponse, o.ApiError.Kind);
            Assert.Contains("depth", o.Error!.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(2, o.Requests);
            Assert.Empty(o.Committed);
            Assert.InRange(o.Elapsed.TotalSeconds, 0, 10);
            Assert.InRange(o.AllocatedBytes, 0, MemoryBound);
        }

        [Fact]
        public async Task A_body_that_trickles_is_cut_by_the_attempt_timeout()
        {
            var o = await PlayAsync("slow body", (ctx, n) =>
                HostileServer.Stream(ctx, 200, "{\"items\":[" + HostileServer.Item("slow", "\"").TrimEnd('}'), 10 * 64 * 1024, "\"}}}}],\"nextCursor\":\"c\",\"hasNext\":false}",
                    pauseEvery64K: TimeSpan.FromMilliseconds(500)),
                maxRetries: 1, attemptTimeout: TimeSpan.FromSeconds(1));
            Assert.Equal(CdfErrorKind.Connection, o.ApiError.Kind);
            Assert.Contains("did not complete in time", o.Error!.Message);
            Assert.Equal(2, o.Requests);
            Assert.Empty(o.Committed);
            Assert.InRange(o.Elapsed.TotalSeconds, 1.5, 10);
        }

        [Fact]
        public async Task An_untrusted_certificate_is_not_retried()
        {
            // The emulator's HTTPS endpoint has a certificate nobody trusts but the tests that ask for it.
            var options = new Emulator.Hosting.EmulatorOptions();
            await using var emulator = await Emulator.Hosting.EmulatorHost.StartAsync(options);
            var handler = new CountingHandler(new SocketsHttpHandler());
            using var client = new CdfApiClient(new CdfClientOptions
            {
                BaseUrl = new Uri(emulator.HttpsUrl),
                Project = "emulator",
                RetryDelay = TimeSpan.FromMilliseconds(200),
            }, new StaticTokenSource(HostileServer.Token), handler);
            var o = await HostileOutcome.MeasureAsync(handler, out_ => SyncAsync(client, out_));
            Report("untrusted TLS certificate", o);
            Assert.Equal(CdfErrorKind.Connection, o.ApiError.Kind);
            Assert.Equal(1, o.Requests);
            Assert.InRange(o.Elapsed.TotalSeconds, 0, 5);
        }

        [Fact]
        public async Task A_token_with_a_line_break_is_refused_before_any_request()
        {
            var o = await PlayAsync("token with CR/LF", (ctx, n) => HostileServer.Json(ctx, HostileServer.Page("c", false)),
                tokens: new DelegateTokenSource(_ => Task.FromResult("abc\r\nX-Injected: 1")));
            var e = Assert.IsType<CdfAuthenticationException>(o.Error);
            Assert.Equal(CdfAuthenticationException.InvalidTokenCode, e.ErrorCode);
            Assert.Contains("line break", e.Message);
            Assert.DoesNotContain("abc", e.Message);
            Assert.Equal(0, o.Requests);
        }

        [Theory]
        [InlineData("..")]
        [InlineData(".")]
        [InlineData("a/b")]
        [InlineData("a?b")]
        [InlineData("")]
        [InlineData(null)]
        public void A_project_name_that_cannot_be_one_is_refused_before_any_request(string? project)
        {
            var handler = new CountingHandler(new SocketsHttpHandler());
            var e = Assert.Throws<CdfArgumentException>(() => new CdfApiClient(
                new CdfClientOptions { BaseUrl = new Uri("http://127.0.0.1:9"), Project = project! }, new StaticTokenSource(HostileServer.Token), handler));
            Assert.Equal("InvalidProject", e.ErrorId);
            Assert.Equal(0, handler.Sent);
            var long5000 = Assert.Throws<CdfArgumentException>(() => new CdfApiClient(
                new CdfClientOptions { BaseUrl = new Uri("http://127.0.0.1:9"), Project = new string('p', 5000) }, new StaticTokenSource(HostileServer.Token)));
            Assert.Contains("5,000 characters", long5000.Reason);
            // Names real projects have are taken.
            foreach (var ok in new[] { "my-company-dev", "publicdata", "Project_1.test" }) Assert.Null(Identifiers.CheckProject(ok));
            // And an initializeCursor longer than the API's 100 characters is refused too.
            Assert.NotNull(InitializeCursor.Check(new string('1', 100) + "d-ago"));
        }

        [Fact]
        public async Task A_token_provider_that_throws_is_named_with_its_error()
        {
            var o = await PlayAsync("token provider throws", (ctx, n) => HostileServer.Json(ctx, HostileServer.Page("c", false)),
                tokens: new DelegateTokenSource(_ => throw new InvalidOperationException("vault unreachable")));
            var e = Assert.IsType<CdfAuthenticationException>(o.Error);
            Assert.Equal(CdfAuthenticationException.TokenProviderFailedCode, e.ErrorCode);
            Assert.Contains("vault unreachable", e.Message);
            Assert.IsType<InvalidOperationException>(e.InnerException);
            Assert.Equal(0, o.Requests);
        }
    }
}
