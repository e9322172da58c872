using System;
using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using CogniteRecords.Core.Json;

namespace CogniteRecords.Core.Export
{
    /// <summary>
    /// The one culture-invariant text form of a record value, used by every export format and by compact JSON:
    /// timestamps ISO 8601 UTC with milliseconds (more digits only when the value has them), dates yyyy-MM-dd,
    /// numbers in the shortest form that reads back to the same double, int64 with every digit, booleans
    /// true/false, lists and objects as compact JSON. Nothing depends on the current culture, so a file made under
    /// de-DE reads back the same under en-US.
    /// </summary>
    public static class ExportValueFormatter
    {
        /// <summary>The text of a value; null for null (an empty cell).</summary>
        /// <param name="unwrap">Turns wrapped values (PowerShell's) into plain ones, also inside lists and objects.</param>
        public static string? ToText(object? value, Func<object?, object?>? unwrap = null)
        {
            if (unwrap != null) value = unwrap(value);
            switch (value)
            {
                case null: return null;
                case string s: return s;
                case bool b: return b ? "true" : "false";
                case int i: return i.ToString(CultureInfo.InvariantCulture);
                case long l: return l.ToString(CultureInfo.InvariantCulture);
                case double d: return Number(d);
                case float f: return Number(f);
                case DateTimeOffset dto: return Timestamp(dto);
                case DateTime dt: return DateOrTimestamp(dt);
                case IDictionary _:
                case IEnumerable _:
                    return CompactJson.Serialize(value, unwrap);
                case IFormattable formattable: return formattable.ToString(null, CultureInfo.InvariantCulture);
                default: return value.ToString();
            }
        }

        /// <summary>The shortest text that reads back to the same double ("R" is shortest round-trip on .NET Core 3.0+).</summary>
        public static string Number(double d) => d.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>A float32 in the shortest text that reads back to the same float32.</summary>
        public static string Number(float f) => f.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>ISO 8601 UTC: 2026-12-02T12:53:41.965Z (seven fraction digits, trimmed to at least three, when finer than a millisecond).</summary>
        public static string Timestamp(DateTimeOffset value)
        {
            var buffer = new char[28];
            var n = WriteTimestamp(buffer, 0, value.UtcTicks);
            return new string(buffer, 0, n);
        }

        /// <summary>A date (a DateTime of kind Unspecified at midnight, as the page reader makes them) as yyyy-MM-dd; any other DateTime as a timestamp.</summary>
        public static string DateOrTimestamp(DateTime value)
        {
            if (IsDate(value)) return Date(value);
            return Timestamp(value.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(value, TimeSpan.Zero) : new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero));
        }

        /// <summary>Whether a DateTime stands for a date (the page reader's dates: kind Unspecified, midnight).</summary>
        public static bool IsDate(DateTime value) => value.Kind == DateTimeKind.Unspecified && value.TimeOfDay == TimeSpan.Zero;

        /// <summary>yyyy-MM-dd.</summary>
        public static string Date(DateTime value)
        {
            var buffer = new char[10];
            WriteDate(buffer, 0, value);
            return new string(buffer);
        }

        /// <summary>Writes the ISO 8601 UTC form of <paramref name="utcTicks"/> at <paramref name="at"/>; returns the characters written (24 to 28).</summary>
        [MethodImpl(Hot.Optimize)]
        public static int WriteTimestamp(char[] buffer, int at, long utcTicks)
        {
            var t = new DateTime(utcTicks, DateTimeKind.Utc);
            var start = at;
            at = WriteDate(buffer, at, t);
            buffer[at++] = 'T';
            Two(buffer, at, t.Hour); buffer[at + 2] = ':';
            Two(buffer, at + 3, t.Minute); buffer[at + 5] = ':';
            Two(buffer, at + 6, t.Second); buffer[at + 8] = '.';
            at += 9;
            var fraction = (int)(utcTicks % TimeSpan.TicksPerSecond);   // in 100 ns
            var digits = 7;
            // Keep three digits (milliseconds) always, more only when they are not zero.
            while (digits > 3 && fraction % 10 == 0) { fraction /= 10; digits--; }
            for (var i = digits - 1; i >= 0; i--) { buffer[at + i] = (char)('0' + fraction % 10); fraction /= 10; }
            at += digits;
            buffer[at++] = 'Z';
            return at - start;
        }

        /// <summary>Writes yyyy-MM-dd at <paramref name="at"/>; returns the position after it.</summary>
        [MethodImpl(Hot.Optimize)]
        public static int WriteDate(char[] buffer, int at, DateTime value)
        {
            var y = value.Year;
            buffer[at] = (char)('0' + y / 1000);
            buffer[at + 1] = (char)('0' + y / 100 % 10);
            Two(buffer, at + 2, y % 100);
            buffer[at + 4] = '-';
            Two(buffer, at + 5, value.Month);
            buffer[at + 7] = '-';
            Two(buffer, at + 8, value.Day);
            return at + 10;
        }

        /// <summary>Writes the decimal digits of <paramref name="value"/> (every digit, invariant) at <paramref name="at"/>; returns the position after them.</summary>
        [MethodImpl(Hot.Optimize)]
        public static int WriteInteger(char[] buffer, int at, long value)
        {
            if (value == long.MinValue)
            {
                const string min = "-9223372036854775808";
                min.CopyTo(0, buffer, at, min.Length);
                return at + min.Length;
            }
            if (value < 0) { buffer[at++] = '-'; value = -value; }
            var length = 1;
            for (var v = value; v >= 10; v /= 10) length++;
            for (var i = length - 1; i >= 0; i--) { buffer[at + i] = (char)('0' + value % 10); value /= 10; }
            return at + length;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Two(char[] buffer, int at, int value)
        {
            buffer[at] = (char)('0' + value / 10);
            buffer[at + 1] = (char)('0' + value % 10);
        }
    }
}
