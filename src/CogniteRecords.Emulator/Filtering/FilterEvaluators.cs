using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    // The compiled form of a filter: a tree of small evaluators built once by FilterCompiler. Matches never
    // throws and, for the common operators, never allocates: values are read straight from the record's JSON.

    /// <summary>One compiled filter object.</summary>
    internal abstract class FilterEvaluator
    {
        public abstract bool Matches(IFilterableRecord record);
    }

    internal sealed class MatchAllEvaluator : FilterEvaluator
    {
        public static readonly MatchAllEvaluator Instance = new();

        public override bool Matches(IFilterableRecord record) => true;
    }

    internal sealed class AndEvaluator(FilterEvaluator[] parts) : FilterEvaluator
    {
        public override bool Matches(IFilterableRecord record)
        {
            foreach (FilterEvaluator part in parts)
            {
                if (!part.Matches(record)) return false;
            }

            return true;
        }
    }

    internal sealed class OrEvaluator(FilterEvaluator[] parts) : FilterEvaluator
    {
        public override bool Matches(IFilterableRecord record)
        {
            foreach (FilterEvaluator part in parts)
            {
                if (part.Matches(record)) return true;
            }

            return false;
        }
    }

    /// <summary>
    /// Plain negation. (our choice) Two-valued logic: a leaf on a missing, null or tombstoned property is false,
    /// so not(leaf) is true for it; the reference does not say otherwise.
    /// </summary>
    internal sealed class NotEvaluator(FilterEvaluator inner) : FilterEvaluator
    {
        public override bool Matches(IFilterableRecord record) => !inner.Matches(record);
    }

    /// <summary>hasData: the record has data in ANY of the listed containers. (our choice; see FilterCompiler.)</summary>
    internal sealed class HasDataEvaluator(string[] spaces, string[] containers) : FilterEvaluator
    {
        public override bool Matches(IFilterableRecord record)
        {
            if (record.IsDeleted) return false;
            for (int i = 0; i < spaces.Length; i++)
            {
                if (record.HasData(spaces[i], containers[i])) return true;
            }

            return false;
        }
    }

    /// <summary>A leaf on a container property: never matches a tombstone, a missing property or a null.</summary>
    internal abstract class PropertyEvaluator(string space, string container, string property) : FilterEvaluator
    {
        public sealed override bool Matches(IFilterableRecord record)
        {
            if (record.IsDeleted || !record.TryGetProperty(space, container, property, out JsonElement value))
            {
                return false;
            }

            if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return false;
            return MatchesValue(value);
        }

        protected abstract bool MatchesValue(JsonElement value);
    }

    internal sealed class ExistsEvaluator(string space, string container, string property)
        : PropertyEvaluator(space, container, property)
    {
        protected override bool MatchesValue(JsonElement value) => true;
    }

    /// <summary>equals (one value) and in (many) on a single-valued property.</summary>
    internal sealed class InEvaluator(string space, string container, string property, ValueMatcher matcher)
        : PropertyEvaluator(space, container, property)
    {
        protected override bool MatchesValue(JsonElement value) => matcher.IndexOf(value) >= 0;
    }

    internal sealed class ContainsAnyEvaluator(string space, string container, string property, ValueMatcher matcher)
        : PropertyEvaluator(space, container, property)
    {
        protected override bool MatchesValue(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.Array) return false;
            foreach (JsonElement item in value.EnumerateArray())
            {
                if (matcher.IndexOf(item) >= 0) return true;
            }

            return false;
        }
    }

    internal sealed class ContainsAllEvaluator(string space, string container, string property, ValueMatcher matcher)
        : PropertyEvaluator(space, container, property)
    {
        protected override bool MatchesValue(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.Array) return false;
            int needed = matcher.Count;
            // At most 100 distinct values (a validated limit), so the marks fit on the stack.
            Span<bool> seen = stackalloc bool[needed];
            int found = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                int i = matcher.IndexOf(item);
                if (i >= 0 && !seen[i])
                {
                    seen[i] = true;
                    if (++found == needed) return true;
                }
            }

            return false;
        }
    }

    internal sealed class PrefixEvaluator(string space, string container, string property, string prefix)
        : PropertyEvaluator(space, container, property)
    {
        private readonly byte[] _utf8 = Encoding.UTF8.GetBytes(prefix);

        protected override bool MatchesValue(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.String) return false;
            ReadOnlySpan<byte> raw = FilterValues.RawString(value, out bool escaped);
            // A byte prefix of valid UTF-8 is exactly a character prefix.
            return escaped ? value.GetString()!.StartsWith(prefix, StringComparison.Ordinal) : raw.StartsWith(_utf8);
        }
    }

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

    internal sealed class NumberRangeEvaluator(string space, string container, string property, Bounds<Num> bounds)
        : PropertyEvaluator(space, container, property)
    {
        private static readonly Func<Num, Num, int> Compare = Num.Compare;

        protected override bool MatchesValue(JsonElement value) =>
            Num.TryRead(value, out Num n) && bounds.Contains(n, Compare);
    }

    /// <summary>range on timestamps (ticks since the epoch) or dates (days).</summary>
    internal sealed class TimeRangeEvaluator(string space, string container, string property, bool isDate, Bounds<long> bounds)
        : PropertyEvaluator(space, container, property)
    {
        private static readonly Func<long, long, int> Compare = (a, b) => a.CompareTo(b);

        protected override bool MatchesValue(JsonElement value)
        {
            long key;
            bool ok = isDate
                ? FilterValues.TryReadDate(value, out key)
                : FilterValues.TryReadInstant(value, allowNumber: true, allowDate: false, out key);
            return ok && bounds.Contains(key, Compare);
        }
    }

    internal sealed class TextRangeEvaluator(string space, string container, string property,
        byte[]? lower, bool lowerInclusive, byte[]? upper, bool upperInclusive)
        : PropertyEvaluator(space, container, property)
    {
        protected override bool MatchesValue(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.String) return false;
            if (lower != null)
            {
                int c = FilterValues.CompareText(value, lower);
                if (c < 0 || (c == 0 && !lowerInclusive)) return false;
            }

            if (upper != null)
            {
                int c = FilterValues.CompareText(value, upper);
                if (c > 0 || (c == 0 && !upperInclusive)) return false;
            }

            return true;
        }
    }

    /// <summary>The top-level fields a filter may name with a one-string property reference.</summary>
    internal enum TopLevelField
    {
        Space,
        ExternalId,
        CreatedTime,
        LastUpdatedTime,
    }

    /// <summary>equals/in on space or externalId. Top-level filters match tombstones too.</summary>
    internal sealed class TopTextInEvaluator(TopLevelField field, string[] values) : FilterEvaluator
    {
        private readonly string? _single = values.Length == 1 ? values[0] : null;
        private readonly HashSet<string> _set = new(values, StringComparer.Ordinal);

        public override bool Matches(IFilterableRecord record)
        {
            string actual = field == TopLevelField.Space ? record.Space : record.ExternalId;
            return _single != null ? string.Equals(actual, _single, StringComparison.Ordinal) : _set.Contains(actual);
        }
    }

    internal sealed class TopTextPrefixEvaluator(TopLevelField field, string prefix) : FilterEvaluator
    {
        public override bool Matches(IFilterableRecord record)
        {
            string actual = field == TopLevelField.Space ? record.Space : record.ExternalId;
            return actual.StartsWith(prefix, StringComparison.Ordinal);
        }
    }

    /// <summary>equals/in on createdTime or lastUpdatedTime, as ticks since the epoch.</summary>
    internal sealed class TopTimeInEvaluator(TopLevelField field, long[] ticks) : FilterEvaluator
    {
        private readonly HashSet<long> _set = new(ticks);

        public override bool Matches(IFilterableRecord record)
        {
            long ms = field == TopLevelField.CreatedTime ? record.CreatedTime : record.LastUpdatedTime;
            return _set.Contains(FilterValues.MsToTicks(ms));
        }
    }

    internal sealed class TopTimeRangeEvaluator(TopLevelField field, Bounds<long> bounds) : FilterEvaluator
    {
        private static readonly Func<long, long, int> Compare = (a, b) => a.CompareTo(b);

        public override bool Matches(IFilterableRecord record)
        {
            long ms = field == TopLevelField.CreatedTime ? record.CreatedTime : record.LastUpdatedTime;
            return bounds.Contains(FilterValues.MsToTicks(ms), Compare);
        }
    }

    /// <summary>
    /// A compiled set of filter values of one property kind: finds which one (if any) equals a record's value.
    /// Duplicates are folded; indexes run 0..Count-1.
    /// </summary>
    internal abstract class ValueMatcher
    {
        public abstract int Count { get; }

        public abstract int IndexOf(JsonElement value);

        /// <summary>Values must already be validated for the kind.</summary>
        public static ValueMatcher Create(PropertyKind kind, IReadOnlyList<JsonElement> values) => kind switch
        {
            PropertyKind.Text => new TextMatcher(values),
            PropertyKind.Boolean => new BooleanMatcher(values),
            PropertyKind.Number => new KeyMatcher<Num>(values, (JsonElement e, out Num k) => Num.TryRead(e, out k)),
            PropertyKind.Timestamp => new KeyMatcher<long>(values,
                (JsonElement e, out long k) => FilterValues.TryReadInstant(e, allowNumber: true, allowDate: false, out k)),
            PropertyKind.Date => new KeyMatcher<long>(values, FilterValues.TryReadDate),
            PropertyKind.Direct => new DirectMatcher(values),
            _ => new JsonMatcher(values),
        };
    }

    internal delegate bool KeyReader<TKey>(JsonElement value, out TKey key);

    internal sealed class KeyMatcher<TKey> : ValueMatcher
        where TKey : notnull
    {
        private readonly KeyReader<TKey> _read;
        private readonly Dictionary<TKey, int> _index = new();

        public KeyMatcher(IReadOnlyList<JsonElement> values, KeyReader<TKey> read)
        {
            _read = read;
            foreach (JsonElement v in values)
            {
                if (read(v, out TKey key)) _index.TryAdd(key, _index.Count);
            }
        }

        public override int Count => _index.Count;

        public override int IndexOf(JsonElement value) =>
            _read(value, out TKey key) && _index.TryGetValue(key, out int i) ? i : -1;
    }

    internal sealed class BooleanMatcher : ValueMatcher
    {
        private readonly int _true = -1, _false = -1, _count;

        public BooleanMatcher(IReadOnlyList<JsonElement> values)
        {
            foreach (JsonElement v in values)
            {
                if (v.ValueKind == JsonValueKind.True && _true < 0) _true = _count++;
                if (v.ValueKind == JsonValueKind.False && _false < 0) _false = _count++;
            }
        }

        public override int Count => _count;

        public override int IndexOf(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.True => _true,
            JsonValueKind.False => _false,
            _ => -1,
        };
    }

    internal sealed class TextMatcher : ValueMatcher
    {
        private readonly string? _single;
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private readonly int _maxUtf8;

        public TextMatcher(IReadOnlyList<JsonElement> values)
        {
            foreach (JsonElement v in values)
            {
                string s = v.GetString()!;
                if (_index.TryAdd(s, _index.Count)) _maxUtf8 = Math.Max(_maxUtf8, Encoding.UTF8.GetByteCount(s));
            }

            _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
            if (_index.Count == 1)
            {
                foreach (string s in _index.Keys) _single = s;
            }
        }

        public override int Count => _index.Count;

        public override int IndexOf(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.String) return -1;
            if (_single != null) return value.ValueEquals(_single) ? 0 : -1;
            ReadOnlySpan<byte> raw = FilterValues.RawString(value, out bool escaped);
            if (escaped) return _index.TryGetValue(value.GetString()!, out int e) ? e : -1;
            if (raw.Length > _maxUtf8) return -1;
            char[]? rented = null;
            Span<char> chars = raw.Length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(raw.Length));
            try
            {
                int n = Encoding.UTF8.GetChars(raw, chars);
                return _lookup.TryGetValue(chars.Slice(0, n), out int i) ? i : -1;
            }
            finally
            {
                if (rented != null) ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Direct relations are equal when both space and externalId are.</summary>
    internal sealed class DirectMatcher : ValueMatcher
    {
        private readonly List<(string Space, string ExternalId)> _values = new();

        public DirectMatcher(IReadOnlyList<JsonElement> values)
        {
            foreach (JsonElement v in values)
            {
                if (!FilterValues.IsDirectRelation(v, out JsonElement s, out JsonElement x)) continue;
                var pair = (s.GetString()!, x.GetString()!);
                if (!_values.Contains(pair)) _values.Add(pair);
            }
        }

        public override int Count => _values.Count;

        public override int IndexOf(JsonElement value)
        {
            if (!FilterValues.IsDirectRelation(value, out JsonElement s, out JsonElement x)) return -1;
            for (int i = 0; i < _values.Count; i++)
            {
                if (s.ValueEquals(_values[i].Space) && x.ValueEquals(_values[i].ExternalId)) return i;
            }

            return -1;
        }
    }

    /// <summary>JSON values (json properties, unknown types): deep equality, numbers by value.</summary>
    internal sealed class JsonMatcher : ValueMatcher
    {
        private readonly List<JsonElement> _values = new();

        public JsonMatcher(IReadOnlyList<JsonElement> values)
        {
            foreach (JsonElement v in values)
            {
                bool dup = false;
                foreach (JsonElement seen in _values) dup |= JsonElement.DeepEquals(seen, v);
                if (!dup) _values.Add(v.Clone());
            }
        }

        public override int Count => _values.Count;

        public override int IndexOf(JsonElement value)
        {
            for (int i = 0; i < _values.Count; i++)
            {
                if (JsonElement.DeepEquals(_values[i], value)) return i;
            }

            return -1;
        }
    }
}
