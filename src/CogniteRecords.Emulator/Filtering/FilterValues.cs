using System;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    /// <summary>Parsing and comparing of the value types the filter language knows, without allocating.</summary>
    internal static class FilterValues
    {
        public const long TicksPerMs = TimeSpan.TicksPerMillisecond;
        private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

        public static PropertyKind KindOf(string type) => type switch
        {
            // An enum value is a string from a fixed set: it filters and sorts as text.
            "text" or "enum" => PropertyKind.Text,
            "boolean" => PropertyKind.Boolean,
            "int32" or "int64" or "float32" or "float64" => PropertyKind.Number,
            "timestamp" => PropertyKind.Timestamp,
            "date" => PropertyKind.Date,
            "direct" => PropertyKind.Direct,
            // json and any type this emulator does not know: compared by deep equality.
            _ => PropertyKind.Json,
        };

        /// <summary>The UTF-8 content of a JSON string, straight from its buffer; escaped is true when it holds escapes.</summary>
        public static ReadOnlySpan<byte> RawString(JsonElement e, out bool escaped)
        {
            ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(e);
            raw = raw.Slice(1, raw.Length - 2);
            escaped = raw.IndexOf((byte)'\\') >= 0;
            return raw;
        }

        /// <summary>Milliseconds since the epoch as ticks since the epoch, saturating instead of overflowing.</summary>
        public static long MsToTicks(long ms)
        {
            if (ms > long.MaxValue / TicksPerMs) return long.MaxValue;
            if (ms < long.MinValue / TicksPerMs) return long.MinValue;
            return ms * TicksPerMs;
        }

        public static bool TryMsToTicks(Num ms, out long ticks)
        {
            if (ms.IsLong)
            {
                ticks = MsToTicks(ms.L);
                return true;
            }

            double t = Math.Round(ms.D * TicksPerMs);
            if (t >= -9.2e18 && t <= 9.2e18)
            {
                ticks = (long)t;
                return true;
            }

            ticks = 0;
            return false;
        }

        /// <summary>
        /// An instant (ticks since the Unix epoch) from a JSON value: an ISO timestamp string, a date string
        /// (midnight UTC) when allowDate, or a number of epoch milliseconds when allowNumber.
        /// </summary>
        public static bool TryReadInstant(JsonElement e, bool allowNumber, bool allowDate, out long ticks, bool strict = false)
        {
            int maxFraction = strict ? 3 : 9;
            ticks = 0;
            if (e.ValueKind == JsonValueKind.String)
            {
                ReadOnlySpan<byte> raw = RawString(e, out bool escaped);
                if (!escaped)
                {
                    return TryParseInstant(raw, allowDate, out ticks, maxFraction);
                }

                string s = e.GetString()!;
                if (s.Length > 64) return false;
                Span<byte> buf = stackalloc byte[256];
                int n = Encoding.UTF8.GetBytes(s, buf);
                return TryParseInstant(buf.Slice(0, n), allowDate, out ticks, maxFraction);
            }

            if (allowNumber && Num.TryRead(e, out Num ms))
            {
                return TryMsToTicks(ms, out ticks);
            }

            return false;
        }

        /// <summary>A date (days since 0001-01-01) from a "YYYY-MM-DD" string.</summary>
        public static bool TryReadDate(JsonElement e, out long days)
        {
            days = 0;
            if (e.ValueKind != JsonValueKind.String) return false;
            ReadOnlySpan<byte> raw = RawString(e, out bool escaped);
            if (escaped || raw.Length != 10) return false;
            if (!TryParseDate(raw, out DateTime d)) return false;
            days = d.Ticks / TimeSpan.TicksPerDay;
            return true;
        }

        /// <summary>
        /// YYYY-MM-DDTHH:MM:SS[.f{1,maxFraction}][Z|±hh:mm], or YYYY-MM-DD when allowDate. (our choice) No zone
        /// means UTC. Filters get the reference's 1–3 fraction digits (strict); stored values may have up to 9,
        /// truncated to 100 ns.
        /// </summary>
        public static bool TryParseInstant(ReadOnlySpan<byte> s, bool allowDate, out long ticks, int maxFraction = 9)
        {
            ticks = 0;
            if (s.Length < 10 || !TryParseDate(s.Slice(0, 10), out DateTime date)) return false;
            if (s.Length == 10)
            {
                if (!allowDate) return false;
                ticks = date.Ticks - UnixEpochTicks;
                return true;
            }

            if (s.Length < 19 || s[10] != (byte)'T' || s[13] != (byte)':' || s[16] != (byte)':') return false;
            if (!TwoDigits(s, 11, out int hour) || hour > 23) return false;
            if (!TwoDigits(s, 14, out int minute) || minute > 59) return false;
            if (!TwoDigits(s, 17, out int second) || second > 59) return false;
            long t = date.Ticks + (hour * 3600L + minute * 60L + second) * TimeSpan.TicksPerSecond;
            int i = 19;
            if (i < s.Length && s[i] == (byte)'.')
            {
                i++;
                int start = i;
                long frac = 0;
                int scale = 7;
                while (i < s.Length && s[i] >= (byte)'0' && s[i] <= (byte)'9')
                {
                    if (scale > 0)
                    {
                        frac = frac * 10 + (s[i] - '0');
                        scale--;
                    }

                    i++;
                }

                int digits = i - start;
                if (digits < 1 || digits > maxFraction) return false;
                while (scale-- > 0) frac *= 10;
                t += frac;
            }

            if (i < s.Length)
            {
                byte z = s[i];
                if (z == (byte)'Z')
                {
                    i++;
                }
                else if (z == (byte)'+' || z == (byte)'-')
                {
                    if (s.Length - i != 6 || s[i + 3] != (byte)':') return false;
                    if (!TwoDigits(s, i + 1, out int oh) || oh > 23) return false;
                    if (!TwoDigits(s, i + 4, out int om) || om > 59) return false;
                    long offset = (oh * 60L + om) * TimeSpan.TicksPerMinute;
                    t -= z == (byte)'+' ? offset : -offset;
                    i += 6;
                }
                else
                {
                    return false;
                }
            }

            if (i != s.Length) return false;
            ticks = t - UnixEpochTicks;
            return true;
        }

        private static bool TryParseDate(ReadOnlySpan<byte> s, out DateTime date)
        {
            date = default;
            if (s.Length != 10 || s[4] != (byte)'-' || s[7] != (byte)'-') return false;
            if (!TwoDigits(s, 0, out int y1) || !TwoDigits(s, 2, out int y2)) return false;
            if (!TwoDigits(s, 5, out int month) || !TwoDigits(s, 8, out int day)) return false;
            int year = y1 * 100 + y2;
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
            date = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc);
            return true;
        }

        private static bool TwoDigits(ReadOnlySpan<byte> s, int at, out int value)
        {
            value = 0;
            if (at + 2 > s.Length) return false;
            int a = s[at] - '0', b = s[at + 1] - '0';
            if ((uint)a > 9 || (uint)b > 9) return false;
            value = a * 10 + b;
            return true;
        }

        /// <summary>
        /// Ordinal text order: UTF-8 bytes, that is Unicode code point order. (our choice) Code point order rather
        /// than .NET's UTF-16 order, so that a stored string compares without being decoded; the two differ only
        /// between characters above U+FFFF and those in U+E000..U+FFFF.
        /// </summary>
        public static int CompareText(JsonElement a, JsonElement b)
        {
            ReadOnlySpan<byte> ra = RawString(a, out bool ea);
            ReadOnlySpan<byte> rb = RawString(b, out bool eb);
            if (!ea && !eb) return Sign(ra.SequenceCompareTo(rb));
            byte[] ua = ea ? Encoding.UTF8.GetBytes(a.GetString()!) : ra.ToArray();
            byte[] ub = eb ? Encoding.UTF8.GetBytes(b.GetString()!) : rb.ToArray();
            return Sign(ua.AsSpan().SequenceCompareTo(ub));
        }

        /// <summary>Compares a JSON string with UTF-8 text (a compiled bound) in code point order.</summary>
        public static int CompareText(JsonElement a, ReadOnlySpan<byte> utf8)
        {
            ReadOnlySpan<byte> ra = RawString(a, out bool ea);
            if (!ea) return Sign(ra.SequenceCompareTo(utf8));
            return Sign(Encoding.UTF8.GetBytes(a.GetString()!).AsSpan().SequenceCompareTo(utf8));
        }

        public static int Sign(int c) => c < 0 ? -1 : c > 0 ? 1 : 0;

        /// <summary>A direct relation value: an object whose space and externalId are strings.</summary>
        public static bool IsDirectRelation(JsonElement e, out JsonElement space, out JsonElement externalId)
        {
            space = default;
            externalId = default;
            return e.ValueKind == JsonValueKind.Object
                && e.TryGetProperty("space", out space) && space.ValueKind == JsonValueKind.String
                && e.TryGetProperty("externalId", out externalId) && externalId.ValueKind == JsonValueKind.String;
        }
    }
}
