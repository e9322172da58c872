using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Hosting;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>One emulator per test class, reached over real HTTP on 127.0.0.1 with a fixed token.</summary>
    public class EmulatorFixture : IAsyncLifetime
    {
        public const string Token = "test-token-0123456789";
        public const string Project = "test";
        public const string Space = "sp";

        public EmulatorHost Host { get; private set; } = null!;
        public HttpClient Http { get; } = new();

        protected virtual void Configure(EmulatorOptions options) { }

        public async Task InitializeAsync()
        {
            var options = new EmulatorOptions();
            options.Projects.Add(Project);
            options.Projects.Add("second");
            options.Tokens.Add(Token);
            Configure(options);
            Host = await EmulatorHost.StartAsync(options);
            // A space and a container with one property of every type, which most tests write to.
            await Ok(Post("/models/spaces", $"{{\"items\":[{{\"space\":\"{Space}\"}}]}}"));
            await Ok(Post("/models/containers", """
                {"items":[{"space":"sp","externalId":"all","usedFor":"record","properties":{
                  "txt":{"type":{"type":"text"}},
                  "b":{"type":{"type":"boolean"}},
                  "f32":{"type":{"type":"float32"}},
                  "f64":{"type":{"type":"float64"}},
                  "i32":{"type":{"type":"int32"}},
                  "i64":{"type":{"type":"int64"}},
                  "ts":{"type":{"type":"timestamp"}},
                  "dt":{"type":{"type":"date"}},
                  "js":{"type":{"type":"json"}},
                  "rel":{"type":{"type":"direct"}},
                  "tags":{"type":{"type":"text","list":true}},
                  "nums":{"type":{"type":"int64","list":true}},
                  "req":{"type":{"type":"text"},"nullable":true}
                }},
                {"space":"sp","externalId":"strict","usedFor":"record","properties":{
                  "must":{"type":{"type":"text"},"nullable":false},
                  "other":{"type":{"type":"int64"}}
                }},
                {"space":"sp","externalId":"second","usedFor":"record","properties":{
                  "x":{"type":{"type":"int64"}}
                }}]}
                """));
        }

        public async Task DisposeAsync()
        {
            Http.Dispose();
            await Host.DisposeAsync();
        }

        public string Url(string relative) => Host.ProjectUrl(Project) + relative;

        public Task<Reply> Post(string relative, string json, string? token = Token) => Send(HttpMethod.Post, Url(relative), json, token);

        public Task<Reply> Get(string relative, string? token = Token) => Send(HttpMethod.Get, Url(relative), null, token);

        public async Task<Reply> Send(HttpMethod method, string url, string? json, string? token = Token)
        {
            using var request = new HttpRequestMessage(method, url);
            if (json != null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            if (token != null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await Http.SendAsync(request);
            return new Reply { Status = response.StatusCode, Body = await response.Content.ReadAsStringAsync(), Response = response };
        }

        public static async Task<Reply> Ok(Task<Reply> call)
        {
            var r = await call;
            Assert.True(r.Code is >= 200 and < 300, $"Expected success, got {r}");
            return r;
        }

        public async Task<string> NewStream(string template = "BasicLiveData")
        {
            var id = "s-" + Guid.NewGuid().ToString("N")[..12];
            await Ok(Post("/streams", $"{{\"items\":[{{\"externalId\":\"{id}\",\"settings\":{{\"template\":{{\"name\":\"{template}\"}}}}}}]}}"));
            return id;
        }

        /// <summary>A record body item writing the given properties of container sp/all.</summary>
        public static string Item(string id, string props = "{\"i64\": 1}", string container = "all") =>
            $"{{\"space\":\"{Space}\",\"externalId\":\"{id}\",\"sources\":[{{\"source\":{{\"type\":\"container\",\"space\":\"{Space}\",\"externalId\":\"{container}\"}},\"properties\":{props}}}]}}";

        public static string Items(params string[] items) => "{\"items\":[" + string.Join(",", items) + "]}";

        public Task<Reply> Ingest(string stream, params string[] items) => Post($"/streams/{stream}/records", Items(items));

        public Task<Reply> Upsert(string stream, params string[] items) => Post($"/streams/{stream}/records/upsert", Items(items));

        public Task<Reply> Delete(string stream, params string[] ids) =>
            Post($"/streams/{stream}/records/delete", "{\"items\":[" + string.Join(",", ids.Select(i => $"{{\"space\":\"{Space}\",\"externalId\":\"{i}\"}}")) + "]}");

        public Task<Reply> Sync(string stream, string body) => Post($"/streams/{stream}/records/sync", body);

        /// <summary>Reads a whole sync pass from a start; returns the items and the final cursor.</summary>
        public async Task<(JsonElement[] Items, string Cursor, int Pages)> SyncAll(string stream, string? cursor = null, int limit = 1000, string extra = "")
        {
            var items = new System.Collections.Generic.List<JsonElement>();
            int pages = 0;
            while (true)
            {
                var start = cursor == null ? "\"initializeCursor\":\"365d-ago\"" : $"\"cursor\":\"{cursor}\"";
                var page = await Ok(Sync(stream, $"{{{start},\"limit\":{limit}{extra}}}"));
                pages++;
                var json = page.Json;
                items.AddRange(json.GetProperty("items").EnumerateArray());
                cursor = json.GetProperty("nextCursor").GetString()!;
                if (!json.GetProperty("hasNext").GetBoolean()) return (items.ToArray(), cursor, pages);
            }
        }
    }
}
