using System;
using System.Collections.Generic;
using System.Globalization;
using CogniteRecords.Emulator.Storage;

namespace CogniteRecords.Emulator.Hosting
{
    /// <summary>How the emulator starts: ports, projects, tokens, storage, limits and seeding (the CLI maps onto it).</summary>
    public sealed class EmulatorOptions
    {
        public const int DefaultPageBytes = 10 * 1024 * 1024;

        /// <summary>HTTP port on 127.0.0.1; 0 picks a free one.</summary>
        public int Port { get; set; }
        /// <summary>HTTPS port on 127.0.0.1; 0 picks a free one.</summary>
        public int HttpsPort { get; set; }
        public List<string> Projects { get; } = new();
        /// <summary>Fixed bearer tokens accepted for every project.</summary>
        public List<string> Tokens { get; } = new();
        public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);
        /// <summary>OAuth clients of the identity provider: "clientId" (public) or "clientId:secret".</summary>
        public List<string> Clients { get; } = new();
        /// <summary>Folder to persist to and restore from; null keeps everything in memory only.</summary>
        public string? DataDir { get; set; }
        /// <summary>The sync response cap in bytes (CDF: 10 MB).</summary>
        public int PageBytes { get; set; } = DefaultPageBytes;
        /// <summary>Cursors older than this get 400 "Cursor has expired"; null: never.</summary>
        public TimeSpan? CursorMaxAge { get; set; }
        /// <summary>How long after a write its records become visible to sync, filter and aggregate; zero (the default): at once.</summary>
        public TimeSpan VisibilityDelay { get; set; }
        /// <summary>How long tombstones are kept for sync (default 3 days, CDF's promise).</summary>
        public TimeSpan TombstoneRetention { get; set; } = TimeSpan.FromDays(3);
        /// <summary>Whether a cursor older than the tombstone retention gets "Cursor has expired" (true) or silently misses deletes.</summary>
        public bool OldCursorsExpire { get; set; } = true;
        /// <summary>Cluster URLs the emulator stands for: tokens for another audience get 401 (none: not checked).</summary>
        public List<string> ClusterUrls { get; } = new();
        /// <summary>Templates besides the reference's three (--template NAME=TYPE,...).</summary>
        public List<StreamTemplate> Templates { get; } = new();
        /// <summary>Enforce each template's active-stream limit and the soft-deleted stream limit (off by default).</summary>
        public bool StreamQuotas { get; set; }
        /// <summary>With quotas: the most soft-deleted streams a project holds before a create is refused.</summary>
        public int MaxSoftDeletedStreams { get; set; } = 10;
        /// <summary>Enforce the reference's throttling budgets per project and identity (429 when spent); off by default.</summary>
        public bool Throttle { get; set; }
        /// <summary>Multiplies the throttling budgets' rates (requests and bytes per second); 1 is CDF's.</summary>
        public double ThrottleScale { get; set; } = 1;
        /// <summary>The real time throttling counts (a fake in tests).</summary>
        internal TimeProvider? ThrottleTime { get; set; }
        public List<SeedOptions> Seeds { get; } = new();
        /// <summary>
        /// The most values (records × properties) one <c>POST /_emulator/seed</c> may create: a bound on what an admin
        /// call can make the emulator allocate (about 100 bytes a value). The command line's own seeds are not bounded.
        /// </summary>
        public long MaxSeedValues { get; set; } = DefaultMaxSeedValues;
        public const long DefaultMaxSeedValues = 20_000_000;
        /// <summary>Where to write the HTTPS certificate's PEM, if anywhere.</summary>
        public string? CertFile { get; set; }
        /// <summary>
        /// Stop when standard input reaches its end: the parent holds the other end of the pipe, so the emulator stops
        /// when the parent ends, however it ends (the helper module passes it; a script that never calls
        /// Stop-CdfEmulator leaks no process).
        /// </summary>
        public bool ExitWithParent { get; set; }

        internal IReadOnlyList<string> EffectiveProjects => Projects.Count > 0 ? Projects : new[] { "emulator" };

        /// <summary>Parses the command line; throws <see cref="ArgumentException"/> naming the bad option.</summary>
        public static EmulatorOptions Parse(IReadOnlyList<string> args)
        {
            var o = new EmulatorOptions();
            SeedOptions? seed = null;
            SeedOptions Seed(string option) => seed ?? throw new ArgumentException($"{option} needs --seed-stream before it.");
            for (int i = 0; i < args.Count; i++)
            {
                string name = args[i];
                string Value()
                {
                    if (i + 1 >= args.Count) throw new ArgumentException($"{name} needs a value.");
                    return args[++i];
                }
                string Client()
                {
                    var v = Value();
                    if (string.IsNullOrWhiteSpace(v) || v.StartsWith(":", StringComparison.Ordinal))
                        throw new ArgumentException($"{name} must be clientId or clientId:secret, not '{v}'.");
                    return v;
                }
                int Int(int min, int max)
                {
                    var v = Value();
                    if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
                        throw new ArgumentException($"{name} must be an integer between {min} and {max}; it was '{v}'.");
                    return n;
                }
                TimeSpan Span()
                {
                    var v = Value();
                    if (!TimeSpan.TryParse(v, CultureInfo.InvariantCulture, out var t) || t <= TimeSpan.Zero)
                        throw new ArgumentException($"{name} must be a positive time span like 00:01:00; it was '{v}'.");
                    return t;
                }
                TimeSpan SpanOrZero()
                {
                    var v = Value();
                    if (!TimeSpan.TryParse(v, CultureInfo.InvariantCulture, out var t) || t < TimeSpan.Zero)
                        throw new ArgumentException($"{name} must be a time span like 00:00:02, or 0 for none; it was '{v}'.");
                    return t;
                }
                switch (name)
                {
                    case "--port": o.Port = Int(0, 65535); break;
                    case "--https-port": o.HttpsPort = Int(0, 65535); break;
                    case "--project": o.Projects.Add(Value()); break;
                    case "--token": o.Tokens.Add(Value()); break;
                    case "--token-lifetime": o.TokenLifetime = Span(); break;
                    case "--client": o.Clients.Add(Client()); break;
                    case "--data-dir": o.DataDir = Value(); break;
                    case "--page-bytes": o.PageBytes = Int(1024, int.MaxValue); break;
                    case "--cursor-max-age": o.CursorMaxAge = Span(); break;
                    case "--visibility-delay": o.VisibilityDelay = SpanOrZero(); break;
                    case "--throttle": o.Throttle = true; break;
                    case "--tombstone-retention": o.TombstoneRetention = Span(); break;
                    case "--old-cursors":
                        o.OldCursorsExpire = Value() switch
                        {
                            "expire" => true,
                            "miss-deletes" => false,
                            var v => throw new ArgumentException($"{name} must be 'expire' or 'miss-deletes'; it was '{v}'."),
                        };
                        break;
                    case "--template":
                        {
                            var v = Value();
                            try { o.Templates.Add(StreamTemplate.Parse(v)); }
                            catch (FormatException e) { throw new ArgumentException($"{name}: {e.Message}"); }
                            break;
                        }
                    case "--stream-quotas": o.StreamQuotas = true; break;
                    case "--cluster-url":
                        {
                            var v = Value();
                            if (!Uri.TryCreate(v, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttps && u.Scheme != Uri.UriSchemeHttp))
                                throw new ArgumentException($"{name} must be an http(s) URL like https://westeurope-1.cognitedata.com; it was '{v}'.");
                            o.ClusterUrls.Add(v.TrimEnd('/'));
                            break;
                        }
                    case "--max-soft-deleted-streams": o.MaxSoftDeletedStreams = Int(0, 100_000); break;
                    case "--throttle-scale":
                        {
                            var v = Value();
                            if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) || !(f > 0) || f > 1000)
                                throw new ArgumentException($"{name} must be a number above 0 and at most 1000; it was '{v}'.");
                            o.ThrottleScale = f;
                            break;
                        }
                    case "--cert-file": o.CertFile = Value(); break;
                    case "--exit-with-parent": o.ExitWithParent = true; break;
                    case "--max-seed-values": o.MaxSeedValues = Int(1, int.MaxValue); break;
                    case "--seed-stream":
                        seed = new SeedOptions { Stream = Value() };
                        o.Seeds.Add(seed);
                        break;
                    case "--seed-records": Seed(name).Records = Int(0, 100_000_000); break;
                    case "--seed-properties": Seed(name).Properties = Int(1, 100); break;
                    case "--seed-space": Seed(name).Space = Value(); break;
                    case "--seed-container": Seed(name).Container = Value(); break;
                    case "--seed-template": Seed(name).Template = Value(); break;
                    case "--seed-project": Seed(name).Project = Value(); break;
                    case "-h" or "--help": throw new HelpRequestedException();
                    default: throw new ArgumentException($"Unknown option '{name}'. Use --help to list the options.");
                }
            }
            foreach (var s in o.Seeds)
                if (s.Project.Length == 0) s.Project = o.EffectiveProjects[0];
            return o;
        }

        public const string Usage = @"CogniteRecords.Emulator: a local emulator of the CDF Records API (127.0.0.1 only).

Options:
  --port N                 HTTP port (0, the default: any free port)
  --https-port N           HTTPS port (0, the default: any free port)
  --project NAME           a project to serve (repeatable; default: emulator)
  --token VALUE            a fixed bearer token accepted for every project (repeatable)
  --token-lifetime SPAN    lifetime of issued tokens (default 01:00:00)
  --client ID[:SECRET]     an OAuth client of the identity provider (repeatable; no secret: a public client)
  --data-dir PATH          persist to this folder and restore from it at start
  --page-bytes N           sync response cap in bytes (default 10485760)
  --cursor-max-age SPAN    sync cursors older than this are refused as expired
  --visibility-delay SPAN  writes become visible to sync, filter and aggregate after this (default 0: at once)
  --template NAME=TYPE,... a template besides the reference's three (repeatable): TYPE Mutable or Immutable, then
                           streams=N, records=N, gigabytes=N, dataDeletedAfter=P7D, retainedAfterSoftDelete=P42D,
                           maxFilteringInterval=P1Y (Immutable)
  --cluster-url URL        the cluster URL it stands for (repeatable): issued tokens carry it as audience, and API
                           calls with a token for another audience get 401 (default: audiences not checked)
  --stream-quotas          enforce each template's active-stream limit and the soft-deleted stream limit
  --max-soft-deleted-streams N  with --stream-quotas: soft-deleted streams a project may hold (default 10)
  --tombstone-retention SPAN  how long deletes' tombstones are kept for sync (default 3.00:00:00)
  --old-cursors MODE       a cursor older than the tombstone retention: 'expire' (default: 400 Cursor has expired)
                           or 'miss-deletes' (pages on, without the deletes whose tombstones were dropped)
  --throttle               enforce CDF's request budgets per project and identity (429 when spent)
  --throttle-scale F       multiply the budgets' rates by F (default 1: CDF's; 0.5: half)
  --cert-file PATH         write the HTTPS certificate (PEM) to this file
  --exit-with-parent       stop when standard input closes (the parent process ended or closed it)
  --max-seed-values N      most records x properties one /_emulator/seed call may create (default 20000000)
  --seed-stream ID         seed a stream (then --seed-records N, --seed-properties K,
                           --seed-space S, --seed-container C, --seed-template T, --seed-project P)

When ready it prints one line: EMULATOR READY {""http"":...,""https"":...,""projects"":[...],""certificateFile"":...}";
    }
}
