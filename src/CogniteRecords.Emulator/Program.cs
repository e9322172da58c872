using System;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Hosting;

// The emulator's command line: parse, start, print the READY line, run until Ctrl+C or SIGTERM (or, with
// --exit-with-parent, the end of standard input), then stop gracefully (saving a snapshot with --data-dir).
EmulatorOptions options;
try
{
    options = EmulatorOptions.Parse(args);
}
catch (HelpRequestedException)
{
    Console.WriteLine(EmulatorOptions.Usage);
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext ctx)
{
    ctx.Cancel = true;
    stop.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

EmulatorHost host;
try
{
    host = await EmulatorHost.StartAsync(options, stop.Token);
}
catch (Exception e) when (e is not OperationCanceledException)
{
    Console.Error.WriteLine($"error: the emulator could not start: {e.Message}");
    return 1;
}

await using (host)
{
    var buffer = new System.Buffers.ArrayBufferWriter<byte>();
    using (var w = new Utf8JsonWriter(buffer))
    {
        w.WriteStartObject();
        w.WriteString("http", host.HttpUrl);
        w.WriteString("https", host.HttpsUrl);
        w.WriteStartArray("projects");
        foreach (var p in host.Runtime.Identity.Options.Projects) w.WriteStringValue(p);
        w.WriteEndArray();
        if (host.CertificateFile != null) w.WriteString("certificateFile", host.CertificateFile); else w.WriteNull("certificateFile");
        w.WriteEndObject();
    }
    Console.Out.WriteLine("EMULATOR READY " + Encoding.UTF8.GetString(buffer.WrittenSpan));
    Console.Out.Flush();
    if (options.ExitWithParent)
    {
        // The end of standard input means the parent is gone (the OS closes its end of the pipe) or wants us gone.
        _ = Task.Run(async () =>
        {
            using var stdin = Console.OpenStandardInput();
            var scratch = new byte[256];
            try { while (await stdin.ReadAsync(scratch, 0, scratch.Length, stop.Token) > 0) { } }
            catch (OperationCanceledException) { return; }
            catch (System.IO.IOException) { }
            Console.Error.WriteLine("emulator: standard input closed");
            stop.Cancel();
        });
    }
    try { await Task.Delay(Timeout.Infinite, stop.Token); }
    catch (OperationCanceledException) { }
    Console.Error.WriteLine("emulator: stopping");
}
return 0;
