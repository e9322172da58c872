using System;
using System.Text.Json;

namespace CogniteRecords.Emulator.Filtering
{
    internal sealed class NumberRangeEvaluator(string space, string container, string property, Bounds<Num> bounds)
        : PropertyEvaluator(space, container, property)
    {
        private static readonly Func<Num, Num, int> Compare = Num.Compare;

        protected override bool MatchesValue(JsonElement value) =>
            Num.TryRead(value, out Num n) && bounds.Contains(n, Compare);
    }
}
