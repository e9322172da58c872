using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Emulator.Admin;
using CogniteRecords.Emulator.Api;
using CogniteRecords.Emulator.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CogniteRecords.Emulator.Hosting
{
    /// <summary>
    /// A running emulator: Kestrel on 127.0.0.1 with one HTTP and one HTTPS endpoint, both serving everything.
    /// Program.cs uses it, and so do in-process tests.
    /// </summary>
    public sealed class EmulatorHost : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly SemaphoreSlim _snapshotGate = new(1, 1);
        private readonly CancellationTokenSource _stopping = new();
        private Task? _snapshotLoop;
        private long _savedChanges;
        private int _disposed;

        private EmulatorHost(WebApplication app, EmulatorRuntime runtime)
        {
            _app = app;
            Runtime = runtime;
        }

        /// <summary>http://127.0.0.1:PORT</summary>
        public string HttpUrl { get; private set; } = "";
        /// <summary>https://127.0.0.1:PORT (the certificate is <see cref="Identity.EmulatorIdentity.HttpsCertificate"/>).</summary>
        public string HttpsUrl { get; private set; } = "";
        /// <summary>Where the certificate's PEM was written (--cert-file), or null.</summary>
        public string? CertificateFile { get; private set; }
        public EmulatorRuntime Runtime { get; }
        /// <summary>The data, for seeding tests directly.</summary>
        public EmulatorStore Store => Runtime.Store;

        /// <summary>The base URL of a project's API: HttpUrl + "/api/v1/projects/" + project.</summary>
        public string ProjectUrl(string project) => HttpUrl + "/api/v1/projects/" + Uri.EscapeDataString(project);

        /// <summary>Restores (--data-dir), seeds, and starts listening.</summary>
        public static async Task<EmulatorHost> StartAsync(EmulatorOptions options, CancellationToken ct = default)
        {
            var runtime = new EmulatorRuntime(options);
            try
            {
                if (options.DataDir != null) Snapshot.Load(runtime.Store, options.DataDir);
                foreach (var seed in options.Seeds)
                {
                    var project = runtime.Store.Project(seed.Project.Length > 0 ? seed.Project : options.EffectiveProjects[0]);
                    // A stream restored from --data-dir is kept as it is: seeding again would rewrite every record.
                    if (project.TryGetStream(seed.Stream, out _) && options.DataDir != null) continue;
                    SyntheticSeeder.Seed(project, seed.Stream, seed.Records, seed.Properties, seed.Space, seed.Container, seed.Template);
                }

                var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
                {
                    ContentRootPath = AppContext.BaseDirectory,
                    EnvironmentName = "Production",
                });
                builder.Logging.ClearProviders();
                builder.WebHost.ConfigureKestrel(k =>
                {
                    k.AddServerHeader = false;
                    k.Limits.MaxRequestBodySize = 64L * 1024 * 1024;
                    k.Listen(IPAddress.Loopback, options.Port);
                    k.Listen(IPAddress.Loopback, options.HttpsPort, l => l.UseHttps(runtime.Identity.HttpsCertificate));
                });
                var app = builder.Build();
                var host = new EmulatorHost(app, runtime);
                host.Configure(app);
                await app.StartAsync(ct);

                var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
                host.HttpUrl = addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/');
                host.HttpsUrl = addresses.First(a => a.StartsWith("https://", StringComparison.Ordinal)).TrimEnd('/');
                // Reached at its own addresses, the emulator is the cluster: tokens for them pass the audience check.
                foreach (var own in new[] { host.HttpUrl, host.HttpsUrl })
                {
                    runtime.Identity.Options.OwnUrls.Add(own);
                    runtime.Identity.Options.OwnUrls.Add(own.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
                }
                if (options.CertFile != null)
                {
                    var full = Path.GetFullPath(options.CertFile);
                    Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                    await File.WriteAllTextAsync(full, runtime.Identity.CertificatePem, ct);
                    host.CertificateFile = full;
                }
                if (options.DataDir != null)
                {
                    host._savedChanges = runtime.Changes;
                    host._snapshotLoop = host.SnapshotLoop();
                }
                return host;
            }
            catch
            {
                runtime.Dispose();
                throw;
            }
        }

        private void Configure(WebApplication app)
        {
            var mw = new Middleware(Runtime);
            app.Use((ctx, next) => mw.RequestId(ctx, next));
            app.Use((ctx, next) => mw.Log(ctx, next));
            app.Use((ctx, next) => mw.Faults(ctx, next));
            app.Use((ctx, next) => mw.Errors(ctx, next));
            app.Use((ctx, next) => mw.LocalOnly(ctx, next));
            app.Use((ctx, next) => mw.Auth(ctx, next));
            app.Use((ctx, next) => Runtime.Throttle.Apply(ctx, next, Runtime.Store));

            var streams = new StreamsApi(Runtime);
            var records = new RecordsApi(Runtime);
            var models = new ModelsApi(Runtime);
            var aggregates = new AggregateApi(records);
            const string p = "/api/v1/projects/{project}";
            app.MapPost(p + "/streams", streams.Create);
            app.MapGet(p + "/streams", streams.List);
            app.MapPost(p + "/streams/delete", streams.Delete);
            app.MapGet(p + "/streams/{streamId}", streams.Retrieve);
            app.MapDelete(p + "/streams/{streamId}", streams.DeleteDeprecated);
            app.MapPost(p + "/streams/{streamId}/records", records.Ingest);
            app.MapPost(p + "/streams/{streamId}/records/upsert", records.Upsert);
            app.MapPost(p + "/streams/{streamId}/records/delete", records.Delete);
            app.MapPost(p + "/streams/{streamId}/records/filter", records.Filter);
            app.MapPost(p + "/streams/{streamId}/records/sync", records.Sync);
            app.MapPost(p + "/streams/{streamId}/records/aggregate", aggregates.Aggregate);
            app.MapPost(p + "/models/spaces", models.UpsertSpaces);
            app.MapGet(p + "/models/spaces", models.ListSpaces);
            app.MapPost(p + "/models/spaces/byids", models.SpacesByIds);
            app.MapPost(p + "/models/spaces/delete", models.DeleteSpaces);
            app.MapPost(p + "/models/containers", models.UpsertContainers);
            app.MapPost(p + "/models/containers/byids", models.ContainersByIds);
            app.MapGet(p + "/models/containers", models.ListContainers);
            app.MapPost(p + "/models/containers/delete", models.DeleteContainers);
            app.MapGet("/api/v1/token/inspect", Middleware.TokenInspect);

            new AdminApi(Runtime, Runtime.Options.DataDir != null ? SnapshotAsync : null).Map(app);
            Runtime.Identity.MapEndpoints(app);
            app.MapFallback(ctx => throw new ApiException(404, $"No such endpoint: {ctx.Request.Method} {ctx.Request.Path}."));
        }

        /// <summary>Writes a snapshot to --data-dir now.</summary>
        public async Task SnapshotAsync()
        {
            var dir = Runtime.Options.DataDir ?? throw new InvalidOperationException("The emulator runs without a data folder.");
            await _snapshotGate.WaitAsync();
            try
            {
                long changes = Runtime.Changes;
                await Task.Run(() => Snapshot.Save(Runtime.Store, dir));
                _savedChanges = changes;
            }
            finally { _snapshotGate.Release(); }
        }

        private async Task SnapshotLoop()
        {
            try
            {
                while (!_stopping.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), _stopping.Token);
                    if (Runtime.Changes != _savedChanges) await SnapshotAsync();
                }
            }
            catch (OperationCanceledException) { }
            catch (Exception e) { Console.Error.WriteLine($"emulator: snapshot failed: {e.Message}"); }
        }

        /// <summary>Stops listening and, with --data-dir, saves a final snapshot.</summary>
        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _stopping.Cancel();
            try { await _app.StopAsync(TimeSpan.FromSeconds(5) is var t ? new CancellationTokenSource(t).Token : default); }
            catch (OperationCanceledException) { }
            if (_snapshotLoop != null) await _snapshotLoop;
            if (Runtime.Options.DataDir != null) await SnapshotAsync();
            await _app.DisposeAsync();
            Runtime.Dispose();
        }
    }
}
