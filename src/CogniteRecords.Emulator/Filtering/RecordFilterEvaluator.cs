using System;
using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    /// <summary>
    /// A records filter, validated against the reference's rules ("Records filter language") and compiled once
    /// into a tree of small evaluators, so that <see cref="Matches"/> is cheap (no allocation for the common
    /// operators). Instances are immutable and safe to share between threads.
    /// </summary>
    /// <remarks>
    /// Limits: every filter object is a node (and/or/not/matchAll/hasData and each leaf); at most 100 nodes. The
    /// top-level filter has depth 1 and each and/or/not adds one; at most depth 10.
    /// </remarks>
    public sealed class RecordFilterEvaluator
    {
        private readonly FilterEvaluator _root;

        private RecordFilterEvaluator(FilterEvaluator root) => _root = root;

        /// <summary>A filter that matches every record (what no filter means).</summary>
        public static RecordFilterEvaluator MatchAll { get; } = new(MatchAllEvaluator.Instance);

        /// <summary>Validates and compiles a filter. Throws <see cref="ApiException"/> (400) naming the offending part.</summary>
        public static RecordFilterEvaluator Compile(JsonElement filter, IPropertySchema schema) => Compile(filter, schema, "filter");

        /// <summary>
        /// As <see cref="Compile(JsonElement, IPropertySchema)"/>; <paramref name="path"/> names the filter in
        /// error messages (default "filter"). The evaluator keeps no reference to <paramref name="filter"/>'s document.
        /// </summary>
        public static RecordFilterEvaluator Compile(JsonElement filter, IPropertySchema schema, string path)
        {
            ArgumentNullException.ThrowIfNull(schema);
            return new RecordFilterEvaluator(new FilterCompiler(schema).Compile(filter, path));
        }

        /// <summary>True when the record matches. Never throws on odd stored values: they just do not match.</summary>
        public bool Matches(IFilterableRecord record) => _root.Matches(record);

        /// <summary>
        /// Reads a time the way filters take one: epoch milliseconds (a number) or a timestamp string
        /// (YYYY-MM-DDTHH:MM:SS[.sss][Z|±hh:mm]; no zone means UTC). For the filter endpoint's lastUpdatedTime.
        /// Sub-millisecond parts are dropped (rounded down).
        /// </summary>
        public static bool TryReadEpochMilliseconds(JsonElement value, out long epochMilliseconds)
        {
            bool ok = FilterValues.TryReadInstant(value, allowNumber: true, allowDate: false, out long ticks, strict: true);
            epochMilliseconds = ok ? Math.DivRem(ticks, FilterValues.TicksPerMs, out long rest) - (rest < 0 ? 1 : 0) : 0;
            return ok;
        }

        /// <summary>
        /// Orders two property values the way sort and range do: a total order. A missing value (default
        /// JsonElement) or JSON null sorts after every value (last when ascending, first when descending).
        /// With <paramref name="type"/> (a container type): numbers numerically (1 == 1.0), text in code point
        /// order, timestamps as instants (ISO strings or epoch ms), dates by day, booleans false before true,
        /// direct relations by space then externalId, lists element by element (a prefix first). Values that do
        /// not fit the type, and all values when type is null, use the generic order (our choice): by JSON kind
        /// (booleans, numbers, strings, objects, arrays), then within the kind as above, objects by their JSON text.
        /// </summary>
        public static int CompareValues(JsonElement a, JsonElement b, string? type)
        {
            return CompareElements(a, b, type == null ? null : FilterValues.KindOf(type));
        }

        private static int Compare(JsonElement a, JsonElement b, PropertyKind? kind)
        {
            if (a.ValueKind == JsonValueKind.Array && b.ValueKind == JsonValueKind.Array)
            {
                // Lists: element by element with the element type.
                JsonElement.ArrayEnumerator ea = a.EnumerateArray(), eb = b.EnumerateArray();
                while (true)
                {
                    bool ha = ea.MoveNext(), hb = eb.MoveNext();
                    if (!ha || !hb) return ha == hb ? 0 : ha ? 1 : -1;
                    int c = CompareElements(ea.Current, eb.Current, kind);
                    if (c != 0) return c;
                }
            }

            switch (kind)
            {
                case PropertyKind.Timestamp:
                {
                    bool pa = FilterValues.TryReadInstant(a, allowNumber: true, allowDate: false, out long ta);
                    bool pb = FilterValues.TryReadInstant(b, allowNumber: true, allowDate: false, out long tb);
                    if (pa && pb) return ta.CompareTo(tb);
                    if (pa || pb) return pa ? -1 : 1;
                    break;
                }

                case PropertyKind.Date:
                {
                    bool pa = FilterValues.TryReadDate(a, out long da);
                    bool pb = FilterValues.TryReadDate(b, out long db);
                    if (pa && pb) return da.CompareTo(db);
                    if (pa || pb) return pa ? -1 : 1;
                    break;
                }

                case PropertyKind.Direct:
                {
                    bool pa = FilterValues.IsDirectRelation(a, out JsonElement sa, out JsonElement xa);
                    bool pb = FilterValues.IsDirectRelation(b, out JsonElement sb, out JsonElement xb);
                    if (pa && pb)
                    {
                        int c = FilterValues.CompareText(sa, sb);
                        return c != 0 ? c : FilterValues.CompareText(xa, xb);
                    }

                    if (pa || pb) return pa ? -1 : 1;
                    break;
                }
            }

            return Generic(a, b);
        }

        private static int CompareElements(JsonElement a, JsonElement b, PropertyKind? kind)
        {
            bool aMissing = a.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;
            bool bMissing = b.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;
            if (aMissing || bMissing) return aMissing == bMissing ? 0 : aMissing ? 1 : -1;
            return Compare(a, b, kind);
        }

        private static int Rank(JsonValueKind k) => k switch
        {
            JsonValueKind.False or JsonValueKind.True => 0,
            JsonValueKind.Number => 1,
            JsonValueKind.String => 2,
            JsonValueKind.Object => 3,
            _ => 4,
        };

        private static int Generic(JsonElement a, JsonElement b)
        {
            int ra = Rank(a.ValueKind), rb = Rank(b.ValueKind);
            if (ra != rb) return ra.CompareTo(rb);
            switch (ra)
            {
                case 0:
                    return (a.ValueKind == JsonValueKind.True).CompareTo(b.ValueKind == JsonValueKind.True);
                case 1:
                    bool na = Num.TryRead(a, out Num xa), nb = Num.TryRead(b, out Num xb);
                    if (na && nb) return Num.Compare(xa, xb);
                    // Numbers beyond double's range: those that read sort first, the rest by their text.
                    if (na || nb) return na ? -1 : 1;
                    return FilterValues.Sign(string.CompareOrdinal(a.GetRawText(), b.GetRawText()));
                case 2:
                    return FilterValues.CompareText(a, b);
                case 3:
                    return FilterValues.Sign(string.CompareOrdinal(a.GetRawText(), b.GetRawText()));
                default:
                    return Compare(a, b, null);
            }
        }
    }
}
