using System;

namespace CogniteRecords.Emulator.Aggregation
{
    /// <summary>A timeHistogram's bucket width: a fixed number of milliseconds, or a calendar unit in UTC.</summary>
    internal sealed class TimeInterval
    {
        private TimeInterval(string? calendar, long fixedMs)
        {
            CalendarUnit = calendar;
            FixedMs = fixedMs;
        }

        public string? CalendarUnit { get; }

        public long FixedMs { get; }

        public static TimeInterval Calendar(string unit) => new(unit, 0);

        public static TimeInterval Fixed(long ms) => new(null, ms);

        public long Start(long ms)
        {
            if (CalendarUnit == null) return (long)Math.Floor(ms / (double)FixedMs) * FixedMs;
            DateTime t = DateTime.UnixEpoch.AddMilliseconds(ms);
            DateTime s = CalendarUnit switch
            {
                "1s" => new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, DateTimeKind.Utc),
                "1m" => new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, DateTimeKind.Utc),
                "1h" => new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Utc),
                "1d" => t.Date,
                // Weeks start on Monday (ISO 8601).
                "1w" => t.Date.AddDays(-(((int)t.DayOfWeek + 6) % 7)),
                "1M" => new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc),
                "1q" => new DateTime(t.Year, ((t.Month - 1) / 3 * 3) + 1, 1, 0, 0, 0, DateTimeKind.Utc),
                _ => new DateTime(t.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            };
            return (long)(s - DateTime.UnixEpoch).TotalMilliseconds;
        }

        public long Next(long start)
        {
            if (CalendarUnit == null) return start + FixedMs;
            DateTime s = DateTime.UnixEpoch.AddMilliseconds(start);
            DateTime n = CalendarUnit switch
            {
                "1s" => s.AddSeconds(1),
                "1m" => s.AddMinutes(1),
                "1h" => s.AddHours(1),
                "1d" => s.AddDays(1),
                "1w" => s.AddDays(7),
                "1M" => s.AddMonths(1),
                "1q" => s.AddMonths(3),
                _ => s.AddYears(1),
            };
            return (long)(n - DateTime.UnixEpoch).TotalMilliseconds;
        }
    }
}
