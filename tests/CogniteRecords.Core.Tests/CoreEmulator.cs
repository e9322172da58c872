using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Hosting;

namespace CogniteRecords.Core.Tests
{
    /// <summary>
    /// The emulator the core's tests run against: one project and token, the stream 'seeded' (2500 records, 6
    /// properties), the space 'w' with the record container 'w/c' (n: int64, t: text), and the admin calls (faults).
    /// Each test class that takes it as a class fixture gets an emulator of its own.
    /// </summary>
    public sealed class CoreEmulator : IAsyncLifetime
    {
        public const string Token = "core-test-token";
        public const string Project = "core";
        public EmulatorHost Host { get; private set; } = null!;

        /// <summary>A client without a token, for the emulator's own /_emulator endpoints.</summary>
        public HttpClient Admin { get; } = new HttpClient();

        private readonly HttpClient _http = new HttpClient();

        public async Task InitializeAsync()
        {
            var options = new EmulatorOptions();
            options.Projects.Add(Project);
            options.Tokens.Add(Token);
            options.Seeds.Add(new SeedOptions { Project = Project, Stream = "seeded", Records = 2500, Properties = 6 });
            Host = await EmulatorHost.StartAsync(options);
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            await PostAsync("/models/spaces", "{\"items\":[{\"space\":\"w\"}]}");
            await PostAsync("/models/containers", "{\"items\":[{\"space\":\"w\",\"externalId\":\"c\",\"usedFor\":\"record\",\"properties\":{\"n\":{\"type\":{\"type\":\"int64\"}},\"t\":{\"type\":{\"type\":\"text\"}}}}]}");
        }

        /// <summary>POST to a path under the project, with the token; the answer must be a success.</summary>
        public async Task PostAsync(string path, string json)
        {
            var response = await _http.PostAsync(Host.ProjectUrl(Project) + path, new StringContent(json, Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
        }

        public Task NewStreamAsync(string id, string template = "BasicLiveData") =>
            PostAsync("/streams", "{\"items\":[{\"externalId\":\"" + id + "\",\"settings\":{\"template\":{\"name\":\"" + template + "\"}}}]}");

        /// <summary>Replaces the emulator's faults with <paramref name="json"/> (none when empty).</summary>
        public async Task SetFaultsAsync(string json)
        {
            await Admin.DeleteAsync(Host.HttpUrl + "/_emulator/faults");
            if (json.Length > 0)
                (await Admin.PostAsync(Host.HttpUrl + "/_emulator/faults", new StringContent(json, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        }

        public async Task DisposeAsync()
        {
            _http.Dispose();
            Admin.Dispose();
            await Host.DisposeAsync();
        }
    }
}
