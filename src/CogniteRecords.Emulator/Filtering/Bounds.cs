using System;

namespace CogniteRecords.Emulator.Filtering
{
    /// <summary>A range's bounds over any ordered key; a missing bound is open.</summary>
    internal readonly struct Bounds<T>(bool hasLower, T lower, bool lowerInclusive, bool hasUpper, T upper, bool upperInclusive)
    {
        public bool Contains(T value, Func<T, T, int> compare)
        {
            if (hasLower)
            {
                int c = compare(value, lower);
                if (c < 0 || (c == 0 && !lowerInclusive)) return false;
            }

            if (hasUpper)
            {
                int c = compare(value, upper);
                if (c > 0 || (c == 0 && !upperInclusive)) return false;
            }

            return true;
        }
    }
}
