using System.Collections.Generic;
using System.Globalization;

namespace CogniteRecords.Internal
{
    /// <summary>
    /// Row numbers, added in any order, kept as sorted ranges once there are many (a write of millions of rows under
    /// -ErrorAction Stop keeps the rows written as a few ranges, not one number each); shown as "rows 1, 3-5".
    /// </summary>
    internal sealed class RowSet
    {
        private const int CompactAt = 4096;
        private readonly List<long> _pending = new List<long>();
        private List<(long First, long Last)> _ranges = new List<(long, long)>();

        /// <summary>How many rows were added.</summary>
        public long Count { get; private set; }

        public void Add(long row)
        {
            _pending.Add(row);
            Count++;
            if (_pending.Count >= CompactAt) Compact();
        }

        /// <summary>Adds every row of another set.</summary>
        public void AddRange(RowSet other)
        {
            _ranges.AddRange(other.Ranges());
            Count += other.Count;
            Compact();
        }

        /// <summary>The rows as sorted, disjoint ranges.</summary>
        public List<(long First, long Last)> Ranges()
        {
            Compact();
            return _ranges;
        }

        private void Compact()
        {
            var items = new List<(long First, long Last)>(_ranges);
            foreach (var r in _pending) items.Add((r, r));
            _pending.Clear();
            items.Sort((a, b) => a.First.CompareTo(b.First));
            var merged = new List<(long First, long Last)>();
            foreach (var (first, last) in items)
            {
                if (merged.Count > 0 && first <= merged[merged.Count - 1].Last + 1)
                {
                    var top = merged[merged.Count - 1];
                    if (last > top.Last) merged[merged.Count - 1] = (top.First, last);
                }
                else merged.Add((first, last));
            }
            _ranges = merged;
        }

        public override string ToString()
        {
            var ranges = Ranges();
            if (ranges.Count == 0) return "none";
            var parts = new List<string>();
            foreach (var (first, last) in ranges)
            {
                parts.Add(first == last ? first.ToString(CultureInfo.InvariantCulture)
                    : first.ToString(CultureInfo.InvariantCulture) + "-" + last.ToString(CultureInfo.InvariantCulture));
            }
            return (ranges.Count == 1 && ranges[0].First == ranges[0].Last ? "row " : "rows ") + string.Join(", ", parts);
        }
    }
}
