using System.Collections.Generic;
using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
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
}
