using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CogniteRecords.Emulator.Storage
{
    /// <summary>
    /// A stream template: type, limits, lifecycle, and how many active streams of it a project may hold
    /// (null: no limit). The reference's three are the default; an operator adds more (--template).
    /// </summary>
    public sealed partial record StreamTemplate(string Name, bool Mutable, long MaxRecords, long MaxGigaBytes,
        string? DataDeletedAfter, string RetainedAfterSoftDelete, string? MaxFilteringInterval, int? MaxActiveStreams = null)
    {
        /// <summary>The reference's templates, with its public active-stream figures.</summary>
        public static readonly IReadOnlyDictionary<string, StreamTemplate> All = new Dictionary<string, StreamTemplate>(StringComparer.Ordinal)
        {
            ["ImmutableTestStream"] = new("ImmutableTestStream", false, 50_000_000, 50, "P7D", "P1D", "P1Y", 3),
            ["BasicArchive"] = new("BasicArchive", false, 50_000_000, 50, null, "P42D", "P1Y", 2),
            ["BasicLiveData"] = new("BasicLiveData", true, 5_000_000, 15, null, "P42D", null, 1),
        };

        /// <summary>The immutable-stream filter window, as a span.</summary>
        public TimeSpan? FilteringWindow => MaxFilteringInterval == null ? null : ParseDuration(MaxFilteringInterval);

        /// <summary>How long records are kept (dataDeletedAfter); null: for ever.</summary>
        public TimeSpan? DataRetention => DataDeletedAfter == null ? null : ParseDuration(DataDeletedAfter);

        /// <summary>How long a soft-deleted stream keeps its id (retainedAfterSoftDelete).</summary>
        public TimeSpan SoftDeleteRetention => ParseDuration(RetainedAfterSoftDelete);

        [GeneratedRegex(@"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")]
        private static partial Regex DurationRegex();

        /// <summary>An ISO-8601 duration like P7D, P42D, P1Y, PT12H (a year is 366 days, a month 31: never shorter than CDF's).</summary>
        public static TimeSpan ParseDuration(string iso)
        {
            var m = DurationRegex().Match(iso);
            if (!m.Success || iso == "P" || iso.EndsWith('T'))
                throw new FormatException($"'{iso}' is not an ISO-8601 duration like P7D, P1Y or PT12H.");
            long Part(int g) => m.Groups[g].Success ? long.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture) : 0;
            return TimeSpan.FromDays(Part(1) * 366 + Part(2) * 31 + Part(3) * 7 + Part(4))
                + TimeSpan.FromHours(Part(5)) + TimeSpan.FromMinutes(Part(6)) + TimeSpan.FromSeconds(Part(7));
        }

        /// <summary>
        /// Parses an operator's template: NAME=TYPE[,streams=N][,dataDeletedAfter=P...][,retainedAfterSoftDelete=P...]
        /// [,records=N][,gigabytes=N][,maxFilteringInterval=P...]; TYPE is Mutable or Immutable. Throws naming the bad part.
        /// </summary>
        public static StreamTemplate Parse(string spec)
        {
            int eq = spec.IndexOf('=');
            if (eq <= 0) throw new FormatException($"A template must look like NAME=TYPE[,streams=N,...]; it was '{spec}'.");
            var name = spec[..eq];
            var parts = spec[(eq + 1)..].Split(',');
            bool mutable = parts[0] switch
            {
                "Mutable" => true,
                "Immutable" => false,
                _ => throw new FormatException($"Template '{name}': the type must be Mutable or Immutable; it was '{parts[0]}'."),
            };
            var t = new StreamTemplate(name, mutable, mutable ? 5_000_000 : 50_000_000, mutable ? 15 : 50, null, "P42D", mutable ? null : "P1Y");
            foreach (var part in parts[1..])
            {
                int e = part.IndexOf('=');
                var key = e < 0 ? part : part[..e];
                var value = e < 0 ? "" : part[(e + 1)..];
                long Number() => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 && n <= int.MaxValue
                    ? n : throw new FormatException($"Template '{name}': '{key}' must be a positive whole number; it was '{value}'.");
                string Duration()
                {
                    try { ParseDuration(value); return value; }
                    catch (FormatException x) { throw new FormatException($"Template '{name}': '{key}': {x.Message}"); }
                }
                t = key switch
                {
                    "streams" => t with { MaxActiveStreams = (int)Number() },
                    "records" => t with { MaxRecords = Number() },
                    "gigabytes" => t with { MaxGigaBytes = Number() },
                    "dataDeletedAfter" => t with { DataDeletedAfter = Duration() },
                    "retainedAfterSoftDelete" => t with { RetainedAfterSoftDelete = Duration() },
                    "maxFilteringInterval" when !mutable => t with { MaxFilteringInterval = Duration() },
                    _ => throw new FormatException($"Template '{name}': unknown setting '{key}' (streams, records, gigabytes, dataDeletedAfter, retainedAfterSoftDelete, maxFilteringInterval on Immutable)."),
                };
            }
            return t;
        }
    }
}
