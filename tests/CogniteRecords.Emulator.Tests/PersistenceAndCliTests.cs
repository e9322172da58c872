using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Hosting;
using CogniteRecords.Emulator.Storage;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>--data-dir across a restart, the command line, and the READY line of the real process.</summary>
    public sealed class PersistenceAndCliTests
    {
        private const string Token = "persist-token";

        private static EmulatorOptions Options(string dir)
        {
            var o = new EmulatorOptions { DataDir = dir };
            o.Tokens.Add(Token);
            return o;
        }

        [Fact]
        public async Task ARestartWithTheSameDataFolderKeepsEverythingAndCursorsStayValid()
        {
            var dir = Path.Combine(Path.GetTempPath(), "emu-persist-" + Guid.NewGuid().ToString("N"));
            try
            {
                string cursor;
                string before;
                await using (var host = await EmulatorHost.StartAsync(Options(dir)))
                {
                    SyntheticSeeder.Seed(host.Store.Project("emulator"), "kept", 30, 5);
                    var p = host.Store.Project("emulator");
                    p.CreateStream("gone-stream", StreamTemplate.All["BasicArchive"]);
                    p.SoftDeleteStream("gone-stream");
                    using var http = Client();
                    await http.PostAsync(host.ProjectUrl("emulator") + "/streams/kept/records/delete",
                        new StringContent("{\"items\":[{\"space\":\"emulator\",\"externalId\":\"rec-00000004\"}]}", System.Text.Encoding.UTF8, "application/json"));
                    var page = await Sync(http, host, "{\"initializeCursor\":\"1d-ago\",\"limit\":10}");
                    cursor = page.GetProperty("nextCursor").GetString()!;
                    before = (await Sync(http, host, "{\"initializeCursor\":\"1d-ago\",\"limit\":1000}")).GetProperty("items").GetRawText();
                }
                Assert.True(File.Exists(Snapshot.PathIn(dir)));

                await using (var host = await EmulatorHost.StartAsync(Options(dir)))
                {
                    using var http = Client();
                    var after = (await Sync(http, host, "{\"initializeCursor\":\"1d-ago\",\"limit\":1000}")).GetProperty("items");
                    Assert.Equal(before, after.GetRawText());
                    Assert.Equal("deleted", after.EnumerateArray().Last().GetProperty("status").GetString());
                    var rest = await Sync(http, host, $"{{\"cursor\":\"{cursor}\",\"limit\":1000}}");
                    Assert.Equal(20, rest.GetProperty("items").GetArrayLength());
                    var container = await http.PostAsync(host.ProjectUrl("emulator") + "/models/containers/byids",
                        new StringContent("{\"items\":[{\"space\":\"emulator\",\"externalId\":\"synthetic\"}]}", System.Text.Encoding.UTF8, "application/json"));
                    Assert.Contains("\"int1\"", await container.Content.ReadAsStringAsync());
                    var recreate = await http.PostAsync(host.ProjectUrl("emulator") + "/streams",
                        new StringContent("{\"items\":[{\"externalId\":\"gone-stream\",\"settings\":{\"template\":{\"name\":\"BasicArchive\"}}}]}", System.Text.Encoding.UTF8, "application/json"));
                    Assert.Equal(409, (int)recreate.StatusCode);
                }
            }
            finally
            {
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            }
        }

        private static HttpClient Client()
        {
            var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
            return http;
        }

        private static async Task<JsonElement> Sync(HttpClient http, EmulatorHost host, string body)
        {
            var res = await http.PostAsync(host.ProjectUrl("emulator") + "/streams/kept/records/sync",
                new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            var text = await res.Content.ReadAsStringAsync();
            Assert.True(res.IsSuccessStatusCode, text);
            return JsonDocument.Parse(text).RootElement;
        }

        [Fact]
        public void TheCommandLineMapsOntoOptions()
        {
            var o = EmulatorOptions.Parse(new[] {
                "--port", "0", "--https-port", "0", "--project", "a", "--project", "b", "--token", "t1", "--token", "t2",
                "--token-lifetime", "00:01:00", "--data-dir", "/tmp/x", "--page-bytes", "4096", "--cursor-max-age", "00:10:00",
                "--visibility-delay", "00:00:02.5", "--throttle", "--throttle-scale", "0.5",
                "--seed-stream", "demo", "--seed-records", "100", "--seed-properties", "7", "--seed-space", "ss", "--seed-container", "cc",
                "--seed-template", "BasicArchive", "--cert-file", "/tmp/c.pem" });
            Assert.Equal(new[] { "a", "b" }, o.Projects);
            Assert.Equal(new[] { "t1", "t2" }, o.Tokens);
            Assert.Equal(TimeSpan.FromMinutes(1), o.TokenLifetime);
            Assert.Equal("/tmp/x", o.DataDir);
            Assert.Equal(4096, o.PageBytes);
            Assert.Equal(TimeSpan.FromMinutes(10), o.CursorMaxAge);
            Assert.Equal(TimeSpan.FromSeconds(2.5), o.VisibilityDelay);
            Assert.True(o.Throttle);
            Assert.Equal(0.5, o.ThrottleScale);
            Assert.False(EmulatorOptions.Parse(Array.Empty<string>()).Throttle);
            Assert.Equal(TimeSpan.Zero, EmulatorOptions.Parse(new[] { "--visibility-delay", "0" }).VisibilityDelay);
            Assert.Equal("/tmp/c.pem", o.CertFile);
            var seed = Assert.Single(o.Seeds);
            Assert.Equal(("a", "demo", 100, 7, "ss", "cc", "BasicArchive"), (seed.Project, seed.Stream, seed.Records, seed.Properties, seed.Space, seed.Container, seed.Template));
        }

        [Fact]
        public void ClientsFromTheCommandLineAreRegistered()
        {
            var o = EmulatorOptions.Parse(new[] { "--client", "runbook:s3cret", "--client", "device-app" });
            Assert.Equal(new[] { "runbook:s3cret", "device-app" }, o.Clients);
            using var runtime = new EmulatorRuntime(o);
            Assert.Equal(new[] { "device-app", "runbook" }, runtime.Identity.ClientIds);
        }

        [Theory]
        [InlineData("--port", "-1")]
        [InlineData("--port", "x")]
        [InlineData("--page-bytes", "10")]
        [InlineData("--token-lifetime", "soon")]
        [InlineData("--visibility-delay", "-00:00:01")]
        [InlineData("--throttle-scale", "0")]
        [InlineData("--seed-records", "5")]
        [InlineData("--bogus")]
        [InlineData("--project")]
        [InlineData("--client", ":secret-without-id")]
        public void BadCommandLinesNameTheOption(params string[] args)
        {
            var e = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(args));
            Assert.Contains(args[0], e.Message);
        }

        [Fact]
        public async Task TheProcessPrintsOneReadyLineAndServes()
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "CogniteRecords.Emulator.dll");
            var cert = Path.Combine(Path.GetTempPath(), "emu-cert-" + Guid.NewGuid().ToString("N") + ".pem");
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { dll, "--port", "0", "--token", Token, "--project", "cli", "--cert-file", cert, "--seed-stream", "cli-stream", "--seed-records", "3", "--seed-properties", "2" })
                psi.ArgumentList.Add(a);
            using var process = Process.Start(psi)!;
            try
            {
                var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
                Assert.NotNull(line);
                Assert.StartsWith("EMULATOR READY {", line);
                var ready = JsonDocument.Parse(line!["EMULATOR READY ".Length..]).RootElement;
                var http = ready.GetProperty("http").GetString()!;
                Assert.Matches(@"^http://127\.0\.0\.1:\d+$", http);
                Assert.Matches(@"^https://127\.0\.0\.1:\d+$", ready.GetProperty("https").GetString()!);
                Assert.Equal("cli", ready.GetProperty("projects")[0].GetString());
                Assert.Equal(cert, ready.GetProperty("certificateFile").GetString());
                Assert.Contains("BEGIN CERTIFICATE", File.ReadAllText(cert));
                using var client = Client();
                var streams = await client.GetStringAsync(http + "/api/v1/projects/cli/streams");
                Assert.Contains("cli-stream", streams);
            }
            finally
            {
                // SIGTERM: a graceful stop with exit code 0.
                if (!process.HasExited) Process.Start("kill", new[] { "-TERM", process.Id.ToString() })!.WaitForExit();
                Assert.True(process.WaitForExit(20_000), "the emulator did not stop on SIGTERM");
                Assert.Equal(0, process.ExitCode);
                if (File.Exists(cert)) File.Delete(cert);
            }
        }

        private static (Process Process, Task<string> Ready) StartProcess(params string[] args)
        {
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CogniteRecords.Emulator.dll"));
            foreach (var a in args) psi.ArgumentList.Add(a);
            var process = Process.Start(psi)!;
            _ = process.StandardError.ReadToEndAsync();
            async Task<string> ReadyAsync()
            {
                string? line;
                while ((line = await process.StandardOutput.ReadLineAsync()) != null)
                    if (line.StartsWith("EMULATOR READY ")) return JsonDocument.Parse(line["EMULATOR READY ".Length..]).RootElement.GetProperty("http").GetString()!;
                throw new InvalidOperationException("the emulator exited before it was ready");
            }
            return (process, ReadyAsync());
        }

        private static void Terminate(Process process)
        {
            if (!process.HasExited) Process.Start("kill", new[] { "-TERM", process.Id.ToString() })!.WaitForExit();
            Assert.True(process.WaitForExit(20_000), "the emulator did not stop on SIGTERM");
        }

        [Fact]
        public async Task TheProcessSavesOnSigtermAndRestoresOnRestart()
        {
            var dir = Path.Combine(Path.GetTempPath(), "emu-proc-" + Guid.NewGuid().ToString("N"));
            try
            {
                var (first, ready) = StartProcess("--port", "0", "--token", Token, "--data-dir", dir, "--seed-stream", "kept", "--seed-records", "40", "--seed-properties", "3");
                string before;
                try
                {
                    var http = await ready.WaitAsync(TimeSpan.FromSeconds(60));
                    using var client = Client();
                    await client.PostAsync(http + "/api/v1/projects/emulator/streams/kept/records/delete",
                        new StringContent("{\"items\":[{\"space\":\"emulator\",\"externalId\":\"rec-00000007\"}]}", System.Text.Encoding.UTF8, "application/json"));
                    before = await SyncText(client, http);
                }
                finally { Terminate(first); }
                Assert.Equal(0, first.ExitCode);

                // The second start seeds nothing: the restored stream is kept as it was.
                var (second, ready2) = StartProcess("--port", "0", "--token", Token, "--data-dir", dir, "--seed-stream", "kept", "--seed-records", "40", "--seed-properties", "3");
                try
                {
                    var http = await ready2.WaitAsync(TimeSpan.FromSeconds(60));
                    using var client = Client();
                    var after = await SyncText(client, http);
                    Assert.Equal(before, after);
                    Assert.Contains("\"deleted\"", after);
                }
                finally { Terminate(second); }
            }
            finally
            {
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            }
        }

        private static async Task<string> SyncText(HttpClient client, string http)
        {
            var res = await client.PostAsync(http + "/api/v1/projects/emulator/streams/kept/records/sync",
                new StringContent("{\"initializeCursor\":\"1d-ago\",\"limit\":1000}", System.Text.Encoding.UTF8, "application/json"));
            var json = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(40, json.GetProperty("items").GetArrayLength());
            return json.GetProperty("items").GetRawText();
        }

        [Fact]
        public async Task ABadOptionExitsWith2AndSaysWhy()
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "CogniteRecords.Emulator.dll");
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(dll);
            psi.ArgumentList.Add("--nope");
            using var process = Process.Start(psi)!;
            var err = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(2, process.ExitCode);
            Assert.Contains("--nope", err);
        }
    }
}
