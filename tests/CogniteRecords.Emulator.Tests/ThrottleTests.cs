using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Throttling;
using static CogniteRecords.Emulator.Tests.EmulatorFixture;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>Throttling mode: the reference's budgets per project and identity, 429 in CDF's shape when spent.</summary>
    public sealed class ThrottleTests : IClassFixture<ThrottledFixture>
    {
        private readonly ThrottledFixture _f;

        public ThrottleTests(ThrottledFixture f) => _f = f;

        private Task<Reply> Admin(HttpMethod method, string path, string? json = null) =>
            _f.Send(method, _f.Host.HttpUrl + "/_emulator/" + path, json, token: null);

        private async Task<string> TokenFor(string subject) =>
            (await Ok(Admin(HttpMethod.Post, "tokens", $"{{\"subject\":\"{subject}\"}}"))).Json.GetProperty("accessToken").GetString()!;

        private Task<Reply> CreateStream(string token) => _f.Post("/streams",
            $"{{\"items\":[{{\"externalId\":\"t-{Guid.NewGuid():N}\",\"settings\":{{\"template\":{{\"name\":\"BasicArchive\"}}}}}}]}}", token);

        [Fact]
        public async Task AnIdentityPastItsBudgetGets429NamingItAndOthersShareTheProjectBudget()
        {
            string a = await TokenFor("alice"), b = await TokenFor("bob"), c = await TokenFor("carol");
            // Stream create/delete: 1 per second per identity, 2 per project.
            await Ok(CreateStream(a));
            var again = await CreateStream(a);
            Assert.Equal(429, again.Code);
            Assert.Equal(429, again.Json.GetProperty("error").GetProperty("code").GetInt32());
            Assert.StartsWith("Too many requests", again.ErrorMessage);
            Assert.Contains("stream create/delete budget of identity 'alice'", again.ErrorMessage);
            Assert.Null(again.Header("Retry-After"));
            await Ok(CreateStream(b));
            var third = await CreateStream(c);
            Assert.Equal(429, third.Code);
            Assert.Contains("of project 'test'", third.ErrorMessage);
            // Calls outside the table (containers) are not throttled.
            for (int i = 0; i < 5; i++) await Ok(_f.Get("/models/containers", a));
        }

        [Fact]
        public void RequestsPerSecondRefillInRealTime()
        {
            var time = new ManualTime();
            var budget = new Budget(perSecond: 3, concurrent: 100, time: time);
            for (int i = 0; i < 3; i++) { Assert.Null(budget.TryEnter()); budget.Exit(0); }
            Assert.Equal("3 requests per second", budget.TryEnter());
            time.Wait(TimeSpan.FromMilliseconds(300));
            Assert.NotNull(budget.TryEnter());
            time.Wait(TimeSpan.FromMilliseconds(40));
            Assert.Null(budget.TryEnter());
            // A second's worth at most: after a long pause, 3 again, not more.
            time.Wait(TimeSpan.FromMinutes(1));
            for (int i = 0; i < 3; i++) Assert.Null(budget.TryEnter());
            Assert.NotNull(budget.TryEnter());
        }

        [Fact]
        public void ConcurrentRequestsAreCountedUntilTheyEnd()
        {
            var budget = new Budget(perSecond: 1000, concurrent: 2, time: new ManualTime());
            Assert.Null(budget.TryEnter());
            Assert.Null(budget.TryEnter());
            Assert.Equal("2 concurrent requests", budget.TryEnter());
            budget.Exit(0);
            Assert.Null(budget.TryEnter());
        }

        [Fact]
        public void ALargeAnswerOverdrawsTheVolumeBudgetAndTheNextCallWaits()
        {
            var time = new ManualTime();
            var budget = new Budget(perSecond: 1e12, concurrent: int.MaxValue, bytesPerSecond: 3e6, time: time);
            Assert.Null(budget.TryEnter());
            budget.Exit(6_000_000);
            Assert.Equal("3 MB of responses per second", budget.TryEnter());
            time.Wait(TimeSpan.FromSeconds(0.5));
            Assert.NotNull(budget.TryEnter());
            time.Wait(TimeSpan.FromSeconds(0.6));
            Assert.Null(budget.TryEnter());
        }

        [Fact]
        public void TheScaleMultipliesTheRates()
        {
            var doubled = new Throttle(true, scale: 2, time: new ManualTime());
            var classes = new[] { BudgetClass.StreamWrite };
            doubled.Enter("p", "eve", classes).Exit(0);
            doubled.Enter("p", "eve", classes).Exit(0);
            var e = Assert.Throws<ApiException>(() => doubled.Enter("p", "eve", classes));
            Assert.Equal(429, e.Status);
            Assert.Contains("2 requests per second", e.Message);
        }

        [Theory]
        [InlineData("GET", "/streams", true, "StreamRead")]
        [InlineData("GET", "/streams/s1", true, "StreamRead")]
        [InlineData("POST", "/streams", true, "StreamWrite")]
        [InlineData("POST", "/streams/delete", true, "StreamWrite")]
        [InlineData("POST", "/streams/s1/records", true, "Ingest")]
        [InlineData("POST", "/streams/s1/records/upsert", true, "Ingest")]
        [InlineData("POST", "/streams/s1/records/delete", true, "Ingest")]
        [InlineData("POST", "/streams/s1/records/sync", true, "QueryMutable,QueryVolume")]
        [InlineData("POST", "/streams/s1/records/filter", false, "QueryImmutable,QueryVolume")]
        [InlineData("POST", "/streams/s1/records/aggregate", false, "AggregateImmutable,QueryImmutable,QueryVolume")]
        [InlineData("POST", "/streams/s1/records/aggregate", true, "AggregateMutable,QueryMutable,QueryVolume")]
        [InlineData("POST", "/models/containers", true, "")]
        public void CallsCountAgainstTheBudgetsOfTheReference(string method, string path, bool mutable, string expected)
        {
            var classes = Throttle.Classify(method, path, _ => mutable);
            Assert.Equal(expected, string.Join(",", classes.Select(c => c.ToString())));
        }

        [Fact]
        public async Task ThrottlingIsASettingThatChangesAtRunTime()
        {
            Assert.True((await Ok(Admin(HttpMethod.Get, "config"))).Json.GetProperty("throttling").GetBoolean());
            try
            {
                Assert.False((await Ok(Admin(HttpMethod.Post, "config", "{\"throttling\":false}"))).Json.GetProperty("throttling").GetBoolean());
                var dave = await TokenFor("dave");
                for (int i = 0; i < 4; i++) await Ok(CreateStream(dave));
            }
            finally
            {
                await Admin(HttpMethod.Post, "config", "{\"throttling\":true}");
            }
        }
    }
}
