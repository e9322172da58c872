using System;
using System.Diagnostics;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Hosting;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>
    /// The admin and identity calls answer local programs only: a web page in the user's browser (foreign Origin,
    /// text/plain body, DNS rebinding through the Host header) is refused before anything changes; seeding is bounded.
    /// </summary>
    public sealed class AdminLocalOnlyTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _f;

        public AdminLocalOnlyTests(EmulatorFixture f) => _f = f;

        private async Task<Reply> Send(HttpMethod method, string path, string? body, string contentType = "application/json",
            string? origin = null, string? host = null)
        {
            using var request = new HttpRequestMessage(method, _f.Host.HttpUrl + path);
            if (body != null) request.Content = new StringContent(body, Encoding.UTF8, contentType);
            if (origin != null) request.Headers.TryAddWithoutValidation("Origin", origin);
            if (host != null) request.Headers.Host = host;
            var response = await _f.Http.SendAsync(request);
            return new Reply { Status = response.StatusCode, Body = await response.Content.ReadAsStringAsync(), Response = response };
        }

        private async Task<int> FaultCount() =>
            (await EmulatorFixture.Ok(Send(HttpMethod.Get, "/_emulator/faults", null))).Json.GetProperty("items").GetArrayLength();

        [Theory]
        [InlineData("https://evil.example")]
        [InlineData("null")]
        [InlineData("http://127.0.0.1.evil.example")]
        public async Task AForeignOriginIsRefusedAndChangesNothing(string origin)
        {
            var before = await FaultCount();
            var r = await Send(HttpMethod.Post, "/_emulator/faults", "{\"kind\":\"status\",\"status\":503}", origin: origin);
            Assert.Equal(403, r.Code);
            Assert.Contains("origin", r.ErrorMessage, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(before, await FaultCount());
            // Identity calls too: no token for a page.
            var token = await Send(HttpMethod.Post, "/_emulator/tokens", "{}", origin: origin);
            Assert.Equal(403, token.Code);
            Assert.DoesNotContain("accessToken", token.Body);
        }

        [Fact]
        public async Task ALoopbackOriginIsAccepted()
        {
            var r = await Send(HttpMethod.Post, "/_emulator/tokens", "{}", origin: "http://127.0.0.1:8080");
            Assert.Equal(200, r.Code);
            Assert.Equal(200, (await Send(HttpMethod.Get, "/_emulator/health", null, origin: "http://localhost:3000")).Code);
        }

        [Theory]
        [InlineData("text/plain")]
        [InlineData("application/x-www-form-urlencoded")]
        [InlineData("multipart/form-data")]
        public async Task AnAdminBodyThatIsNotJsonIsRefused(string contentType)
        {
            var before = await FaultCount();
            var r = await Send(HttpMethod.Post, "/_emulator/faults", "{\"kind\":\"status\",\"status\":503}", contentType);
            Assert.Equal(415, r.Code);
            Assert.Contains("application/json", r.ErrorMessage);
            Assert.Equal(before, await FaultCount());
        }

        [Theory]
        [InlineData("/_emulator/tokens")]
        [InlineData("/oauth2/token")]
        [InlineData("/.well-known/openid-configuration")]
        public async Task ANonLoopbackHostIsRefused(string path)
        {
            var method = path.Contains("well-known") ? HttpMethod.Get : HttpMethod.Post;
            var body = path == "/oauth2/token" ? "grant_type=client_credentials&client_id=a&client_secret=b" : method == HttpMethod.Post ? "{}" : null;
            var type = path == "/oauth2/token" ? "application/x-www-form-urlencoded" : "application/json";
            var r = await Send(method, path, body, type, host: "rebind.example");
            Assert.Equal(403, r.Code);
            Assert.Contains("rebind.example", r.ErrorMessage);
            Assert.DoesNotContain("accessToken", r.Body);
            Assert.DoesNotContain("access_token", r.Body);
            // The same call to a loopback name is answered.
            Assert.NotEqual(403, (await Send(method, path, body, type, host: "localhost")).Code);
        }

        [Fact]
        public async Task TheRecordsApiIsNotSubjectToTheAdminChecks()
        {
            // The API is guarded by its bearer token; a proxy may rename the host.
            var r = await Send(HttpMethod.Get, "/api/v1/projects/test/streams", null, host: "records.example", origin: "https://app.example");
            Assert.Equal(401, r.Code);
        }

        [Fact]
        public async Task SeedingBeyondTheBoundIs400BeforeAnyAllocation()
        {
            var options = new EmulatorOptions { MaxSeedValues = 1000 };
            await using var host = await EmulatorHost.StartAsync(options);
            using var http = new HttpClient();
            async Task<(int Code, string Body)> Seed(int records, int properties)
            {
                using var r = await http.PostAsync(host.HttpUrl + "/_emulator/seed",
                    new StringContent($"{{\"stream\":\"s\",\"records\":{records},\"properties\":{properties}}}", Encoding.UTF8, "application/json"));
                return ((int)r.StatusCode, await r.Content.ReadAsStringAsync());
            }

            Assert.Equal(200, (await Seed(100, 10)).Code);       // exactly the bound
            var watch = Stopwatch.StartNew();
            var before = GC.GetTotalMemory(false);
            var refused = await Seed(100_000_000, 100);          // what grew the emulator to 2.4 GB
            Assert.Equal(400, refused.Code);
            Assert.Contains("1,000 values", refused.Body);
            Assert.Contains("--max-seed-values", refused.Body);
            Assert.InRange(watch.Elapsed.TotalSeconds, 0, 5);
            Assert.InRange(GC.GetTotalMemory(false) - before, long.MinValue, 50L * 1024 * 1024);
            Assert.Equal(400, (await Seed(101, 10)).Code);
            Assert.Equal(100, host.Store.Project("emulator").GetStream("s").LiveCount);
        }

        [Fact]
        public void TheSeedBoundIsAnOption()
        {
            Assert.Equal(EmulatorOptions.DefaultMaxSeedValues, EmulatorOptions.Parse(Array.Empty<string>()).MaxSeedValues);
            Assert.Equal(5000, EmulatorOptions.Parse(new[] { "--max-seed-values", "5000" }).MaxSeedValues);
            Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(new[] { "--max-seed-values", "0" }));
        }
    }
}
