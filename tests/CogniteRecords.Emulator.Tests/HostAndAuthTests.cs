using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using static CogniteRecords.Emulator.Tests.EmulatorFixture;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>The host's addresses, x-request-id, the 404 fallback, bearer auth and token/inspect.</summary>
    public sealed class HostAndAuthTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _f;

        public HostAndAuthTests(EmulatorFixture f) => _f = f;

        [Fact]
        public void BindsLoopbackOnly()
        {
            Assert.Matches(@"^http://127\.0\.0\.1:\d+$", _f.Host.HttpUrl);
            Assert.Matches(@"^https://127\.0\.0\.1:\d+$", _f.Host.HttpsUrl);
            Assert.Equal(_f.Host.HttpUrl + "/api/v1/projects/test", _f.Host.ProjectUrl("test"));
        }

        [Fact]
        public async Task ServesTheApiOverHttpsWithItsCertificate()
        {
            var cert = _f.Host.Runtime.Identity.HttpsCertificate;
            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c != null && c.Thumbprint == cert.Thumbprint };
            using var client = new HttpClient(handler);
            client.DefaultRequestHeaders.Authorization = new("Bearer", Token);
            var res = await client.GetAsync(_f.Host.HttpsUrl + "/api/v1/projects/test/streams");
            Assert.Equal(200, (int)res.StatusCode);
        }

        [Fact]
        public async Task EveryResponseCarriesARequestIdIncludingErrors()
        {
            var ok = await _f.Get("/streams");
            var unauthorized = await _f.Get("/streams", token: null);
            var missing = await _f.Get("/no/such/thing");
            foreach (var r in new[] { ok, unauthorized, missing })
                Assert.Matches("^[0-9a-f]{32}$", r.Header("x-request-id") ?? "");
            Assert.NotEqual(ok.Header("x-request-id"), unauthorized.Header("x-request-id"));
            Assert.Equal(404, missing.Code);
            Assert.Equal(404, missing.Json.GetProperty("error").GetProperty("code").GetInt32());
        }

        [Fact]
        public async Task NoTokenIs401InCdfShape()
        {
            var r = await _f.Get("/streams", token: null);
            Assert.Equal(401, r.Code);
            Assert.Equal(401, r.Json.GetProperty("error").GetProperty("code").GetInt32());
            Assert.Contains("bearer token", r.ErrorMessage);
        }

        [Fact]
        public async Task AWrongTokenIs401()
        {
            var r = await _f.Get("/streams", token: "not-a-token");
            Assert.Equal(401, r.Code);
        }

        [Fact]
        public async Task ANonBearerSchemeIs401()
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, _f.Url("/streams"));
            req.Headers.TryAddWithoutValidation("Authorization", "Basic " + Token);
            var res = await _f.Http.SendAsync(req);
            Assert.Equal(401, (int)res.StatusCode);
        }

        [Fact]
        public async Task AnIssuedTokenWorksAndAnExpiredOneIs401()
        {
            var identity = _f.Host.Runtime.Identity;
            var good = identity.IssueAccessToken("alice", new[] { Project }, TimeSpan.FromMinutes(5));
            Assert.Equal(200, (await _f.Get("/streams", good)).Code);
            var expired = identity.IssueAccessToken("alice", new[] { Project }, TimeSpan.FromMilliseconds(1));
            await Task.Delay(1100);
            var r = await _f.Get("/streams", expired);
            Assert.Equal(401, r.Code);
            Assert.Contains("expired", r.ErrorMessage);
        }

        [Fact]
        public async Task ATokenWithoutTheProjectIs403()
        {
            var token = _f.Host.Runtime.Identity.IssueAccessToken("bob", new[] { "second" }, TimeSpan.FromMinutes(5));
            var r = await _f.Get("/streams", token);
            Assert.Equal(403, r.Code);
            Assert.Contains("'test'", r.ErrorMessage);
            Assert.Equal(200, (await _f.Send(HttpMethod.Get, _f.Host.ProjectUrl("second") + "/streams", null, token)).Code);
        }

        [Fact]
        public async Task TokenInspectNamesSubjectAndProjects()
        {
            var token = _f.Host.Runtime.Identity.IssueAccessToken("carol", new[] { Project, "second" }, TimeSpan.FromMinutes(5));
            var r = await _f.Send(HttpMethod.Get, _f.Host.HttpUrl + "/api/v1/token/inspect", null, token);
            Assert.Equal(200, r.Code);
            Assert.Equal("carol", r.Json.GetProperty("subject").GetString());
            var projects = r.Json.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("projectUrlName").GetString()).ToArray();
            Assert.Equal(new[] { Project, "second" }, projects);
            Assert.Contains(r.Json.GetProperty("capabilities").EnumerateArray(), c => c.TryGetProperty("streamRecordsAcl", out _));
            Assert.Equal(401, (await _f.Send(HttpMethod.Get, _f.Host.HttpUrl + "/api/v1/token/inspect", null, null)).Code);
        }

        [Fact]
        public async Task AFixedTokenReachesEveryConfiguredProject()
        {
            var r = await _f.Send(HttpMethod.Get, _f.Host.HttpUrl + "/api/v1/token/inspect", null, Token);
            var projects = r.Json.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("projectUrlName").GetString()).ToArray();
            Assert.Equal(new[] { Project, "second" }, projects);
        }

        [Fact]
        public async Task AnUnsupportedMethodIs404InCdfShape()
        {
            var r = await _f.Send(HttpMethod.Put, _f.Url("/streams"), "{}");
            Assert.Equal(404, r.Code);
            Assert.Equal(404, r.Json.GetProperty("error").GetProperty("code").GetInt32());
            Assert.Contains("PUT", r.ErrorMessage);
        }

        [Fact]
        public async Task InvalidJsonIs400()
        {
            var r = await _f.Post("/streams", "{not json");
            Assert.Equal(400, r.Code);
            Assert.Contains("not valid JSON", r.ErrorMessage);
        }
    }
}
