using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Hosting;
using CogniteRecords.Emulator.Identity;
using static CogniteRecords.Emulator.Tests.EmulatorFixture;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>Token audience: tokens issued for the cluster carry it; a token for another audience gets 401.</summary>
    public sealed class AudienceTests : IClassFixture<ClusterFixture>
    {
        private readonly ClusterFixture _f;

        public AudienceTests(ClusterFixture f) => _f = f;

        private async Task<string> AdminToken(string body) =>
            (await Ok(_f.Send(HttpMethod.Post, _f.Host.HttpUrl + "/_emulator/tokens", body, token: null))).Json.GetProperty("accessToken").GetString()!;

        private async Task<string> ClientCredentials(string scope)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = "runbook", ["client_secret"] = "s3cret", ["scope"] = scope,
            });
            var r = await _f.Http.PostAsync(_f.Host.HttpUrl + "/my-tenant/oauth2/v2.0/token", form);
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
            return JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
        }

        [Fact]
        public async Task TokensIssuedForTheClusterAreAcceptedAndOthersAre401()
        {
            await Ok(_f.Get("/streams", await AdminToken("{}")));
            await Ok(_f.Get("/streams", await ClientCredentials(ClusterFixture.Cluster + "/.default")));
            // The emulator's own address is this cluster too (what Connect-CdfProject -BaseUrl asks a token for).
            await Ok(_f.Get("/streams", await ClientCredentials(_f.Host.HttpUrl + "/.default")));
            await Ok(_f.Get("/streams", Token));

            var other = await _f.Get("/streams", await ClientCredentials("https://api.cognitedata.com/.default"));
            Assert.Equal(401, other.Code);
            Assert.Contains("audience 'https://api.cognitedata.com'", other.ErrorMessage);
            Assert.Contains(ClusterFixture.Cluster, other.ErrorMessage);
            Assert.Equal(401, (await _f.Get("/streams", await AdminToken("{\"audience\":\"https://other-1.cognitedata.com\"}"))).Code);
        }

        [Fact]
        public void WithoutAClusterAudiencesAreNotChecked()
        {
            using var identity = new EmulatorIdentity(new IdentityOptions { Projects = { Project } });
            var token = identity.IssueAccessToken("sub", new[] { Project }, null, "https://anything.example", EmulatorIdentity.DefaultIssuer, null);
            Assert.NotNull(identity.ValidateAccessToken(token, out var reason));
            Assert.Null(reason);
            identity.Options.ClusterUrls.Add(ClusterFixture.Cluster);
            Assert.Null(identity.ValidateAccessToken(token, out reason));
            Assert.Contains("not for this cluster", reason);
        }

        [Fact]
        public void TheCommandLineNamesTheCluster()
        {
            Assert.Equal(new[] { "https://c1.cognitedata.com" }, EmulatorOptions.Parse(new[] { "--cluster-url", "https://c1.cognitedata.com/" }).ClusterUrls);
            Assert.Contains("--cluster-url", Assert.Throws<System.ArgumentException>(() => EmulatorOptions.Parse(new[] { "--cluster-url", "c1" })).Message);
        }
    }
}
