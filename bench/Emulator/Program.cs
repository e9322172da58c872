using System;
using System.Diagnostics;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Hosting;
using CogniteRecords.Emulator.Storage;

// Emulator benchmark: seeds N records x K properties in-process (timed), then reads the whole stream through
// POST .../records/sync over HTTP, 1000 records a page, the client only reading each page's bytes and finding
// nextCursor/hasNext, so the figure is the emulator's serving rate (client and emulator share the machine).
// Usage: dotnet run -c Release --project bench/Emulator -- [records=200000] [properties=10] [passes=3]
int records = args.Length > 0 ? int.Parse(args[0]) : 200_000;
int properties = args.Length > 1 ? int.Parse(args[1]) : 10;
int passes = args.Length > 2 ? int.Parse(args[2]) : 3;

var options = new EmulatorOptions();
options.Tokens.Add("bench-token");
await using var host = await EmulatorHost.StartAsync(options);
var project = host.Store.Project("emulator");

var seedWatch = Stopwatch.StartNew();
SyntheticSeeder.Seed(project, "bench", records, properties);
seedWatch.Stop();
Console.WriteLine($"seed: {records:N0} records x {properties} properties in {seedWatch.Elapsed.TotalSeconds:F2} s ({records / seedWatch.Elapsed.TotalSeconds:N0} records/s)");

using var http = new HttpClient();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "bench-token");
var url = host.ProjectUrl("emulator") + "/streams/bench/records/sync";
double best = 0;
for (int pass = 0; pass < passes; pass++)
{
    long got = 0, bytes = 0;
    string? cursor = null;
    bool hasNext = true;
    var watch = Stopwatch.StartNew();
    while (hasNext)
    {
        var body = cursor == null ? "{\"initializeCursor\":\"365d-ago\",\"limit\":1000}" : "{\"cursor\":\"" + cursor + "\",\"limit\":1000}";
        using var res = await http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
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
    Console.WriteLine($"sync pass {pass + 1}: {got:N0} records, {bytes / 1e6:F1} MB in {watch.Elapsed.TotalSeconds:F2} s = {rate:N0} records/s");
}
Console.WriteLine($"best serving rate: {best:N0} records/s (pages of 1000 records x {properties} properties)");

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
