using System;
using System.Net.Http;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Hosting;
using CogniteRecords.Emulator.Storage;
using static CogniteRecords.Emulator.Tests.EmulatorFixture;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>Templates and quotas: each template's active-stream limit and the soft-deleted stream limit, refused with 409 naming it.</summary>
    public sealed class QuotaTests : IClassFixture<QuotaFixture>
    {
        private readonly QuotaFixture _f;

        public QuotaTests(QuotaFixture f) => _f = f;

        private Task<Reply> Create(string project, string id, string template) =>
            _f.Send(HttpMethod.Post, _f.Host.ProjectUrl(project) + "/streams",
                $"{{\"items\":[{{\"externalId\":\"{id}\",\"settings\":{{\"template\":{{\"name\":\"{template}\"}}}}}}]}}");

        private Task<Reply> SoftDelete(string project, string id) =>
            _f.Send(HttpMethod.Post, _f.Host.ProjectUrl(project) + "/streams/delete", $"{{\"items\":[{{\"externalId\":\"{id}\"}}]}}");

        [Fact]
        public async Task EachTemplateAllowsItsNumberOfActiveStreams()
        {
            await Ok(Create(Project, "live-1", "BasicLiveData"));
            var second = await Create(Project, "live-2", "BasicLiveData");
            Assert.Equal(409, second.Code);
            Assert.StartsWith("Stream quota reached", second.ErrorMessage);
            Assert.Contains("1 active stream(s) of template 'BasicLiveData'", second.ErrorMessage);

            var four = (await Ok(Create(Project, "archive-1", "FourYearArchive"))).Json.GetProperty("items")[0];
            Assert.Equal("FourYearArchive", four.GetProperty("createdFromTemplate").GetString());
            Assert.Equal("Immutable", four.GetProperty("type").GetString());
            Assert.Equal("P1461D", four.GetProperty("settings").GetProperty("lifecycle").GetProperty("dataDeletedAfter").GetString());
            Assert.Contains("template 'FourYearArchive'", (await Create(Project, "archive-2", "FourYearArchive")).ErrorMessage);

            var unknown = await Create(Project, "other", "4yArchive");
            Assert.Equal(400, unknown.Code);
            Assert.Contains("FourYearArchive", unknown.ErrorMessage);
            Assert.Contains("'4yArchive'", unknown.ErrorMessage);
        }

        [Fact]
        public async Task SoftDeletedStreamsCountAgainstTheirOwnQuota()
        {
            const string project = "second";
            await Ok(Create(project, "gone-1", "BasicArchive"));
            await Ok(SoftDelete(project, "gone-1"));
            await Ok(Create(project, "gone-2", "BasicArchive"));
            await Ok(SoftDelete(project, "gone-2"));
            var refused = await Create(project, "next", "ImmutableTestStream");
            Assert.Equal(409, refused.Code);
            Assert.Contains("soft-deleted streams quota: 2", refused.ErrorMessage);
        }

        [Fact]
        public async Task QuotasAreASettingAndOffByDefault()
        {
            Assert.False(EmulatorOptions.Parse(Array.Empty<string>()).StreamQuotas);
            Assert.True((await Ok(_f.Send(HttpMethod.Get, _f.Host.HttpUrl + "/_emulator/config", null, null))).Json.GetProperty("streamQuotas").GetBoolean());
            var o = EmulatorOptions.Parse(new[] { "--stream-quotas", "--max-soft-deleted-streams", "5", "--template", "4yArchive=Immutable,streams=2" });
            Assert.True(o.StreamQuotas);
            Assert.Equal(5, o.MaxSoftDeletedStreams);
            Assert.Equal(2, Assert.Single(o.Templates).MaxActiveStreams);
        }

        [Theory]
        [InlineData("4yArchive", "NAME=TYPE")]
        [InlineData("4yArchive=Archive", "Mutable or Immutable")]
        [InlineData("4yArchive=Immutable,streams=0", "'streams' must be a positive whole number")]
        [InlineData("4yArchive=Immutable,dataDeletedAfter=4 years", "not an ISO-8601 duration")]
        [InlineData("4yArchive=Immutable,colour=blue", "unknown setting 'colour'")]
        [InlineData("live=Mutable,maxFilteringInterval=P1Y", "unknown setting 'maxFilteringInterval'")]
        public void ABadTemplateNamesItsProblem(string spec, string expected)
        {
            var e = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(new[] { "--template", spec }));
            Assert.Contains(expected, e.Message);
            Assert.Contains("--template", e.Message);
        }

        [Theory]
        [InlineData("P7D", 7 * 24)]
        [InlineData("P1Y", 366 * 24)]
        [InlineData("P2W", 14 * 24)]
        [InlineData("PT12H", 12)]
        [InlineData("P1DT1H", 25)]
        public void DurationsAreReadAsIso8601(string iso, int hours) =>
            Assert.Equal(TimeSpan.FromHours(hours), StreamTemplate.ParseDuration(iso));
    }
}
