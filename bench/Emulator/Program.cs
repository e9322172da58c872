using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Hosting;
using CogniteRecords.Emulator.Storage;

// Emulator benchmark: the sync serving rate (records/s) over real HTTP, pages of 1000 records, the client only
// scanning each page for nextCursor/hasNext and counting items, so the figure is the emulator's.
// Usage: dotnet run -c Release --project bench/Emulator -- [records=200000] [properties=10] [passes=3] [process|inproc]
//   process (default): starts the real emulator (dotnet CogniteRecords.Emulator.dll --seed-stream ...) as a child
//                      process, times start + seeding to its READY line, and reports its CPU time per record served;
//   inproc:            hosts the emulator in this process and times SyntheticSeeder alone.
int records = args.Length > 0 ? int.Parse(args[0]) : 200_000;
int properties = args.Length > 1 ? int.Parse(args[1]) : 10;
int passes = args.Length > 2 ? int.Parse(args[2]) : 3;
bool inProcess = args.Length > 3 && args[3] == "inproc";
const string Token = "bench-token";

string projectUrl;
Process? child = null;
EmulatorHost? host = null;
var seedWatch = Stopwatch.StartNew();
if (inProcess)
{
    var options = new EmulatorOptions();
    options.Tokens.Add(Token);
    host = await EmulatorHost.StartAsync(options);
    SyntheticSeeder.Seed(host.Store.Project("emulator"), "bench", records, properties);
    seedWatch.Stop();
    Console.WriteLine($"seed (in-process): {records:N0} records x {properties} properties in {seedWatch.Elapsed.TotalSeconds:F2} s");
    projectUrl = host.ProjectUrl("emulator");
}
else
{
    var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "CogniteRecords.Emulator.dll"), "--port", "0", "--token", Token,
        "--seed-stream", "bench", "--seed-records", records.ToString(), "--seed-properties", properties.ToString() })
        psi.ArgumentList.Add(a);
    child = Process.Start(psi)!;
    _ = child.StandardError.ReadToEndAsync();
    string? line;
    while ((line = await child.StandardOutput.ReadLineAsync()) != null && !line.StartsWith("EMULATOR READY ")) { }
    if (line == null) throw new Exception("the emulator exited before it was ready");
    seedWatch.Stop();
    var http = JsonDocument.Parse(line["EMULATOR READY ".Length..]).RootElement.GetProperty("http").GetString();
    projectUrl = http + "/api/v1/projects/emulator";
    Console.WriteLine($"emulator process: start + seed {records:N0} records x {properties} properties in {seedWatch.Elapsed.TotalSeconds:F2} s");
}

try
{
    using var client = new HttpClient();
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    var url = projectUrl + "/streams/bench/records/sync";
    double best = 0;
    for (int pass = 0; pass < passes; pass++)
    {
        long got = 0, bytes = 0;
        string? cursor = null;
        bool hasNext = true;
        var cpuBefore = child != null ? CpuOf(child) : TimeSpan.Zero;
        var watch = Stopwatch.StartNew();
        while (hasNext)
        {
            var body = cursor == null ? "{\"initializeCursor\":\"365d-ago\",\"limit\":1000}" : "{\"cursor\":\"" + cursor + "\",\"limit\":1000}";
            using var res = await client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
            res.EnsureSuccessStatusCode();
            var page = await res.Content.ReadAsByteArrayAsync();
            bytes += page.Length;
            (cursor, hasNext, int count) = ReadTail(page);
            got += count;
        }
        watch.Stop();
        if (got != records) throw new Exception($"pass {pass + 1} read {got} records, expected {records}");
        double rate = got / watch.Elapsed.TotalSeconds;
        best = Math.Max(best, rate);
        var cpu = child != null ? $", emulator CPU {(CpuOf(child) - cpuBefore).TotalMilliseconds * 1000 / got:F2} µs/record" : "";
        Console.WriteLine($"sync pass {pass + 1}: {got:N0} records, {bytes / 1e6:F1} MB in {watch.Elapsed.TotalSeconds:F2} s = {rate:N0} records/s{cpu}");
    }
    Console.WriteLine($"best serving rate: {best:N0} records/s (pages of 1000 records x {properties} properties)");
}
finally
{
    if (host != null) await host.DisposeAsync();
    if (child != null)
    {
        Process.Start("kill", new[] { "-TERM", child.Id.ToString() })!.WaitForExit();
        if (!child.WaitForExit(10_000)) child.Kill();
    }
}

static TimeSpan CpuOf(Process p) { p.Refresh(); return p.TotalProcessorTime; }

// Counts the items (top-level objects in "items") and reads nextCursor and hasNext.
static (string Cursor, bool HasNext, int Count) ReadTail(byte[] page)
{
    var reader = new Utf8JsonReader(page);
    string cursor = "";
    bool hasNext = false;
    int count = 0;
    reader.Read();
    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
    {
        if (reader.ValueTextEquals("items"))
        {
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject) { count++; reader.Skip(); }
        }
        else if (reader.ValueTextEquals("nextCursor")) { reader.Read(); cursor = reader.GetString()!; }
        else if (reader.ValueTextEquals("hasNext")) { reader.Read(); hasNext = reader.GetBoolean(); }
        else { reader.Read(); reader.Skip(); }
    }
    return (cursor, hasNext, count);
}
