using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CogniteRecords.Core.Sync
{
    /// <summary>The initializeCursor shape: "&lt;n&gt;&lt;m|h|d&gt;-ago".</summary>
    public static class InitializeCursor
    {
        private static readonly Regex Pattern = new Regex("^[0-9]+[mhd]-ago$", RegexOptions.CultureInvariant);

        /// <summary>Null when valid, else why not.</summary>
        public static string? Check(string? value)
        {
            if (string.IsNullOrEmpty(value)) return "The initial cursor is empty: give it as '<n><m|h|d>-ago', e.g. '2d-ago', or as a [TimeSpan].";
            if (value!.Length < 6 || value.Length > 100 || !Pattern.IsMatch(value))
                return $"The initial cursor '{(value.Length > 40 ? value.Substring(0, 40) + "..." : value)}' is not valid: give it as '<n><m|h|d>-ago' (minutes, hours or days), e.g. '30m-ago', '12h-ago', '2d-ago', or as a [TimeSpan].";
            return null;
        }

        /// <summary>
        /// A time span back from now as the API's shape, in the largest whole unit; minutes are rounded up so that
        /// the start is never later than asked (records are read at least once).
        /// </summary>
        public static string FromTimeSpan(TimeSpan ago)
        {
            if (ago < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ago), "The initial cursor must be a time span back from now, not a negative one.");
            if (ago.Ticks % TimeSpan.TicksPerDay == 0 && ago.Ticks > 0) return ((long)ago.TotalDays).ToString(CultureInfo.InvariantCulture) + "d-ago";
            if (ago.Ticks % TimeSpan.TicksPerHour == 0 && ago.Ticks > 0) return ((long)ago.TotalHours).ToString(CultureInfo.InvariantCulture) + "h-ago";
            var minutes = (long)Math.Ceiling(ago.TotalMinutes);
            return minutes.ToString(CultureInfo.InvariantCulture) + "m-ago";
        }
    }
}
