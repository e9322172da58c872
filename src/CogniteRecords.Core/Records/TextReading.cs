using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace CogniteRecords.Core.Records
{
    /// <summary>
    /// How text that is not ISO 8601 is read as a timestamp, a date or a number: in one culture (the user's current
    /// culture), or by formats the user named (-DateFormat). Never by a guess between two orders.
    /// </summary>
    /// <remarks>
    /// PowerShell turns a date into text two ways: casts and "$date" use the invariant culture (month first,
    /// 01/08/2024 10:00:00), while ToString(), Export-Csv and the formatter use the current culture (08/01/2024 under
    /// en-GB, 08.01.2024 under de-DE). So a date in a CSV file may have been written either way, and text both ways
    /// read, as different days, is refused with both readings in the message; text only the invariant form reads is
    /// refused too (the current culture is the rule). ISO 8601 (yyyy-MM-dd, with an optional time and offset) is read
    /// in every culture, and so are epoch milliseconds.
    /// </remarks>
    public sealed class TextReading
    {
        // yyyy-MM-dd, optionally a time (T or a space) with fraction and offset: read by every culture alike.
        private static readonly Regex Iso = new Regex(@"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?)?\s*([Zz]|[+-]\d{2}(:?\d{2})?)?$", RegexOptions.CultureInvariant);
        private static readonly Regex Offset = new Regex(@"[+-]\d{2}:?\d{2}$|[Zz]$", RegexOptions.CultureInvariant);

        // What the invariant culture writes (PowerShell's [string] of a [datetime] or [datetimeoffset]), and the
        // same shape typed by hand with one-digit fields.
        private static readonly string[] InvariantPatterns = BuildInvariantPatterns();

        /// <param name="culture">The culture text is read in (the current culture of the PowerShell session).</param>
        /// <param name="dateFormats">Exact formats for date and timestamp text that is not ISO 8601 (.NET custom format
        /// strings such as 'dd/MM/yyyy HH:mm:ss'); null or empty: read in <paramref name="culture"/>.</param>
        public TextReading(CultureInfo culture, IEnumerable<string>? dateFormats = null)
        {
            Culture = culture ?? throw new ArgumentNullException(nameof(culture));
            var formats = dateFormats?.Where(f => !string.IsNullOrWhiteSpace(f)).ToArray();
            DateFormats = formats != null && formats.Length > 0 ? formats : null;
        }

        /// <summary>A reading in the current culture of the calling thread, with no named formats.</summary>
        public static TextReading Current => new TextReading(CultureInfo.CurrentCulture);

        public CultureInfo Culture { get; }

        /// <summary>The formats the user named, or null.</summary>
        public IReadOnlyList<string>? DateFormats { get; }

        /// <summary>The culture's name for messages ('en-GB'; 'invariant' for the invariant culture).</summary>
        public string CultureName => Culture.Name.Length == 0 ? "invariant" : Culture.Name;

        /// <summary>Reads timestamp text (not epoch digits: the caller handles those); no offset means UTC.</summary>
        public DateTimeOffset ReadTimestamp(string text)
        {
            const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces;
            if (Iso.IsMatch(text))
            {
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out var iso)) return iso;
                throw new RecordValueException($"'{RecordValueConverter.Short(text)}' is not a valid ISO 8601 timestamp (a day or time out of range).");
            }
            if (DateFormats != null)
            {
                if (DateTimeOffset.TryParseExact(text, DateFormats.ToArray(), Culture, styles, out var named)) return named;
                throw new RecordValueException($"'{RecordValueConverter.Short(text)}' is not a timestamp in the format given by -DateFormat ({Formats()}), nor ISO 8601.");
            }
            var inCulture = DateTimeOffset.TryParse(text, Culture, styles, out var c);
            var inInvariant = DateTimeOffset.TryParseExact(text, InvariantPatterns, CultureInfo.InvariantCulture, styles, out var i);
            if (inCulture && (!inInvariant || c == i)) return c;
            var suggestion = Culture.DateTimeFormat.ShortDatePattern + " " + Culture.DateTimeFormat.LongTimePattern + (Offset.IsMatch(text) ? " zzz" : "");
            if (inCulture)
                throw Ambiguous(text, Iso8601(c), Iso8601(i), suggestion);
            if (inInvariant)
                throw OnlyInvariant(text, Iso8601(i), "MM/dd/yyyy HH:mm:ss" + (Offset.IsMatch(text) ? " zzz" : ""));
            throw new RecordValueException($"'{RecordValueConverter.Short(text)}' is not a timestamp: use ISO 8601 such as 2024-05-01T12:00:00.000Z, epoch milliseconds, " +
                $"the current culture's ({CultureName}) form such as '{new DateTime(2024, 5, 1, 12, 0, 0).ToString(Culture)}', or name the format with -DateFormat.");
        }

        /// <summary>Reads date text: a day with no time of day (or a time of exactly midnight).</summary>
        public DateTime ReadDate(string text)
        {
            const DateTimeStyles styles = DateTimeStyles.AllowWhiteSpaces;
            if (Iso.IsMatch(text))
            {
                // The day as written: an offset does not move a date.
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | styles, out var iso) && iso.TimeOfDay == TimeSpan.Zero)
                    return iso.Date;
                throw new RecordValueException($"'{RecordValueConverter.Short(text)}' is not a date: use yyyy-MM-dd, with no time of day.");
            }
            if (DateFormats != null)
            {
                if (DateTimeOffset.TryParseExact(text, DateFormats.ToArray(), Culture, DateTimeStyles.AssumeUniversal | styles, out var named) && named.TimeOfDay == TimeSpan.Zero) return named.Date;
                throw new RecordValueException($"'{RecordValueConverter.Short(text)}' is not a date in the format given by -DateFormat ({Formats()}), nor yyyy-MM-dd.");
            }
            // As offsets: DateTime.TryParse would move text with an offset into the machine's time zone.
            var inCulture = DateTimeOffset.TryParse(text, Culture, DateTimeStyles.AssumeUniversal | styles, out var c) && c.TimeOfDay == TimeSpan.Zero;
            var inInvariant = DateTimeOffset.TryParseExact(text, InvariantPatterns, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | styles, out var i) && i.TimeOfDay == TimeSpan.Zero;
            if (inCulture && (!inInvariant || c.Date == i.Date)) return c.Date;
            if (inCulture)
                throw Ambiguous(text, c.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), i.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Culture.DateTimeFormat.ShortDatePattern);
            if (inInvariant)
                throw OnlyInvariant(text, i.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "MM/dd/yyyy");
            throw new RecordValueException($"'{RecordValueConverter.Short(text)}' is not a date: use yyyy-MM-dd, the current culture's ({CultureName}) form such as " +
                $"'{new DateTime(2024, 5, 1).ToString(Culture.DateTimeFormat.ShortDatePattern, Culture)}', or name the format with -DateFormat.");
        }

        private RecordValueException Ambiguous(string text, string cultureReading, string invariantReading, string suggestion) =>
            new RecordValueException($"'{RecordValueConverter.Short(text)}' reads two ways: {cultureReading} in the current culture ({CultureName}), " +
                $"but {invariantReading} in the invariant form PowerShell writes with [string] and \"$date\" (month first). Nothing is guessed: " +
                $"name the format, e.g. -DateFormat '{suggestion}', or write dates as ISO 8601 (yyyy-MM-dd).");

        private RecordValueException OnlyInvariant(string text, string invariantReading, string suggestion) =>
            new RecordValueException($"'{RecordValueConverter.Short(text)}' is no date in the current culture ({CultureName}); it reads as {invariantReading} only in the " +
                $"invariant form (month first). Name the format, e.g. -DateFormat '{suggestion}', or write dates as ISO 8601 (yyyy-MM-dd).");

        private string Formats() => string.Join(", ", DateFormats!.Select(f => "'" + f + "'"));

        private static string Iso8601(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        private static string[] BuildInvariantPatterns()
        {
            var times = new[] { "", " H:mm", " H:mm:ss", " H:mm:ss.FFFFFFF" };
            var zones = new[] { "", " zzz", "zzz", "K" };
            var list = new List<string>();
            foreach (var t in times)
                foreach (var z in zones)
                    if (t.Length > 0 || z.Length == 0) list.Add("M/d/yyyy" + t + z);
            return list.ToArray();
        }
    }
}
