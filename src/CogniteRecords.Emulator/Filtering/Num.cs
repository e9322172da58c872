using System;
using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    /// <summary>
    /// A JSON number in a canonical form: a long when it is integral and fits, else a double. Equal numbers
    /// (1 and 1.0, 0 and -0.0) get equal representations, so the struct's own equality and hash work as keys.
    /// </summary>
    internal readonly record struct Num(bool IsLong, long L, double D)
    {
        public static Num FromDouble(double d)
        {
            if (d == Math.Floor(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0)
            {
                return new Num(true, (long)d, 0);
            }

            return new Num(false, 0, d);
        }

        public static bool TryRead(JsonElement e, out Num n)
        {
            if (e.ValueKind == JsonValueKind.Number)
            {
                if (e.TryGetInt64(out long l))
                {
                    n = new Num(true, l, 0);
                    return true;
                }

                if (e.TryGetDouble(out double d) && double.IsFinite(d))
                {
                    n = FromDouble(d);
                    return true;
                }
            }

            n = default;
            return false;
        }

        public static int Compare(Num a, Num b)
        {
            if (a.IsLong && b.IsLong) return a.L.CompareTo(b.L);
            if (!a.IsLong && !b.IsLong) return a.D.CompareTo(b.D);
            return a.IsLong ? CompareLongDouble(a.L, b.D) : -CompareLongDouble(b.L, a.D);
        }

        // Exact, unlike (double)l, which rounds above 2^53.
        private static int CompareLongDouble(long l, double d)
        {
            if (d >= 9223372036854775808.0) return -1;
            if (d < -9223372036854775808.0) return 1;
            double t = Math.Truncate(d);
            long lt = (long)t;
            if (l != lt) return l.CompareTo(lt);
            double frac = d - t;
            return frac > 0 ? -1 : frac < 0 ? 1 : 0;
        }
    }
}
