using System.Linq;
using System.Text.Json;
using CogniteRecords.Emulator.Filtering;
using static CogniteRecords.Emulator.Tests.FilterTest;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>Every validation rule of the filter language: a 400 whose message names the offending part.</summary>
    public class FilterValidationTests
    {
        private const string Leaf = "{\"equals\": {\"property\": [\"s\", \"c\", \"txt\"], \"value\": \"a\"}}";

        private static void AssertRefused(string filter, string expectedStart, params string[] mentions)
        {
            string message = Refused(filter);
            Assert.StartsWith(expectedStart, message);
            foreach (string m in mentions) Assert.Contains(m, message);
        }

        [Theory]
        [InlineData("[]", "filter: ", "JSON object")]
        [InlineData("\"equals\"", "filter: ", "JSON object")]
        [InlineData("null", "filter: ", "JSON object")]
        [InlineData("{}", "filter: ", "exactly one key", "none")]
        [InlineData("{\"matchAll\": {}, \"not\": {\"matchAll\": {}}}", "filter: ", "exactly one key", "matchAll, not")]
        [InlineData("{\"equal\": {}}", "filter: ", "unknown filter operator 'equal'")]
        [InlineData("{\"Equals\": {}}", "filter: ", "unknown filter operator 'Equals'")]
        [InlineData("{\"and\": [{\"matchAll\": {}}, {\"nope\": 1}]}", "filter.and[1]: ", "unknown filter operator 'nope'")]
        public void FilterObjectShape(string filter, string start, params string[] mentions) => AssertRefused(filter, start, mentions);

        [Theory]
        [InlineData("{\"and\": []}", "filter.and: ", "1 to 99", "it has 0")]
        [InlineData("{\"or\": []}", "filter.or: ", "1 to 99")]
        [InlineData("{\"and\": {\"matchAll\": {}}}", "filter.and: ", "array")]
        [InlineData("{\"not\": []}", "filter.not: ", "JSON object")]
        [InlineData("{\"not\": [{\"matchAll\": {}}]}", "filter.not: ", "JSON object")]
        [InlineData("{\"matchAll\": {\"x\": 1}}", "filter.matchAll: ", "empty object")]
        [InlineData("{\"matchAll\": []}", "filter.matchAll: ", "empty object")]
        [InlineData("{\"matchAll\": null}", "filter.matchAll: ", "empty object")]
        public void BooleanOperators(string filter, string start, params string[] mentions) => AssertRefused(filter, start, mentions);

        [Fact]
        public void AndAndOrTakeUpTo99Filters()
        {
            string items99 = string.Join(", ", Enumerable.Repeat("{\"matchAll\": {}}", 99));
            string items100 = string.Join(", ", Enumerable.Repeat("{\"matchAll\": {}}", 100));
            Assert.True(Matches($"{{\"and\": [{items99}]}}", new FilterTestRecord()));
            Assert.True(Matches($"{{\"or\": [{items99}]}}", new FilterTestRecord()));
            AssertRefused($"{{\"and\": [{items100}]}}", "filter.and: ", "1 to 99", "it has 100");
            AssertRefused($"{{\"or\": [{items100}]}}", "filter.or: ", "1 to 99", "it has 100");
        }

        [Theory]
        [InlineData("{\"equals\": {\"property\": [\"s\", \"c\", \"txt\"], \"value\": \"a\", \"extra\": 1}}", "filter.equals: ", "unknown field 'extra'")]
        [InlineData("{\"exists\": {\"property\": [\"s\", \"c\", \"txt\"], \"value\": 1}}", "filter.exists: ", "unknown field 'value'")]
        [InlineData("{\"in\": {\"property\": [\"s\", \"c\", \"txt\"], \"value\": [\"a\"]}}", "filter.in: ", "unknown field 'value'")]
        [InlineData("{\"range\": {\"property\": [\"s\", \"c\", \"num\"], \"gt\": 1, \"from\": 2}}", "filter.range: ", "unknown field 'from'")]
        [InlineData("{\"equals\": {\"property\": [\"s\", \"c\", \"txt\"], \"value\": \"a\", \"value\": \"b\"}}", "filter.equals: ", "'value' appears more than once")]
        [InlineData("{\"equals\": {\"value\": \"a\"}}", "filter.equals: ", "missing 'property'")]
        [InlineData("{\"equals\": {\"property\": [\"s\", \"c\", \"txt\"]}}", "filter.equals: ", "missing 'value'")]
        [InlineData("{\"in\": {\"property\": [\"s\", \"c\", \"txt\"]}}", "filter.in: ", "missing 'values'")]
        [InlineData("{\"prefix\": {\"property\": [\"s\", \"c\", \"txt\"]}}", "filter.prefix: ", "missing 'value'")]
        [InlineData("{\"equals\": [\"s\", \"c\", \"txt\"]}", "filter.equals: ", "must be an object")]
        [InlineData("{\"exists\": null}", "filter.exists: ", "must be an object")]
        public void OperatorBodies(string filter, string start, params string[] mentions) => AssertRefused(filter, start, mentions);

        [Theory]
        [InlineData("\"txt\"", "filter.equals.property: ", "array of 3 strings")]
        [InlineData("[\"s\", \"c\"]", "filter.equals.property: ", "it has 2 items")]
        [InlineData("[\"s\", \"c\", \"txt\", \"x\"]", "filter.equals.property: ", "it has 4 items")]
        [InlineData("[]", "filter.equals.property: ", "it has 0 items")]
        [InlineData("[\"s\", 1, \"txt\"]", "filter.equals.property[1]: ", "non-empty string")]
        [InlineData("[\"s\", \"\", \"txt\"]", "filter.equals.property[1]: ", "non-empty string")]
        [InlineData("[\"s\", \"c\", \"nope\"]", "filter.equals.property: ", "unknown property [s, c, nope]", "no property 'nope' in container s:c")]
        [InlineData("[\"s\", \"zzz\", \"txt\"]", "filter.equals.property: ", "unknown property [s, zzz, txt]", "no container s:zzz")]
        [InlineData("[\"other\", \"c\", \"txt\"]", "filter.equals.property: ", "unknown property [other, c, txt]")]
        [InlineData("[\"name\"]", "filter.equals.property: ", "'name' is not a top-level field")]
        [InlineData("[\"deletedTime\"]", "filter.equals.property: ", "'deletedTime' is not a top-level field")]
        public void PropertyReferences(string property, string start, params string[] mentions) =>
            AssertRefused($"{{\"equals\": {{\"property\": {property}, \"value\": \"a\"}}}}", start, mentions);

        // The reference's table of top-level fields per operator, both ways.
        [Theory]
        [InlineData("equals", "space", true)]
        [InlineData("equals", "externalId", true)]
        [InlineData("equals", "createdTime", true)]
        [InlineData("equals", "lastUpdatedTime", true)]
        [InlineData("in", "space", true)]
        [InlineData("in", "externalId", true)]
        [InlineData("in", "createdTime", true)]
        [InlineData("in", "lastUpdatedTime", true)]
        [InlineData("prefix", "space", true)]
        [InlineData("prefix", "externalId", true)]
        [InlineData("prefix", "createdTime", false)]
        [InlineData("prefix", "lastUpdatedTime", false)]
        [InlineData("range", "space", false)]
        [InlineData("range", "externalId", false)]
        [InlineData("range", "createdTime", true)]
        [InlineData("range", "lastUpdatedTime", true)]
        [InlineData("exists", "space", false)]
        [InlineData("exists", "externalId", false)]
        [InlineData("exists", "createdTime", false)]
        [InlineData("exists", "lastUpdatedTime", false)]
        [InlineData("containsAny", "space", false)]
        [InlineData("containsAny", "createdTime", false)]
        [InlineData("containsAll", "externalId", false)]
        [InlineData("containsAll", "lastUpdatedTime", false)]
        public void TopLevelFieldsPerOperator(string op, string field, bool allowed)
        {
            bool isTime = field.EndsWith("Time");
            string body = op switch
            {
                "equals" => isTime ? "\"value\": 1000" : "\"value\": \"a\"",
                "prefix" => "\"value\": \"a\"",
                "range" => "\"gte\": 1000",
                "exists" => "",
                _ => isTime ? "\"values\": [1000]" : "\"values\": [\"a\"]",
            };
            string filter = $"{{\"{op}\": {{\"property\": [\"{field}\"]{(body.Length > 0 ? ", " + body : "")}}}}}";
            if (allowed)
            {
                Compile(filter);
            }
            else
            {
                AssertRefused(filter, $"filter.{op}.property: ", $"{op} does not take the top-level field '{field}'");
            }
        }

        [Theory]
        [InlineData("{\"equals\": {\"property\": [\"s\", \"c\", \"txts\"], \"value\": \"a\"}}", "filter.equals.property: ", "single-valued", "[s, c, txts] is a list of text", "containsAny")]
        [InlineData("{\"in\": {\"property\": [\"s\", \"c\", \"nums\"], \"values\": [1]}}", "filter.in.property: ", "single-valued", "[s, c, nums] is a list of int64")]
        [InlineData("{\"containsAny\": {\"property\": [\"s\", \"c\", \"txt\"], \"values\": [\"a\"]}}", "filter.containsAny.property: ", "needs a list property", "[s, c, txt] is a single text")]
        [InlineData("{\"containsAll\": {\"property\": [\"s\", \"c\", \"num\"], \"values\": [1]}}", "filter.containsAll.property: ", "needs a list property")]
        [InlineData("{\"prefix\": {\"property\": [\"s\", \"c\", \"num\"], \"value\": \"1\"}}", "filter.prefix.property: ", "text property", "int64")]
        [InlineData("{\"prefix\": {\"property\": [\"s\", \"c\", \"txts\"], \"value\": \"a\"}}", "filter.prefix.property: ", "single-valued text", "a list of text")]
        [InlineData("{\"range\": {\"property\": [\"s\", \"c\", \"bool\"], \"gt\": 1}}", "filter.range.property: ", "range needs", "boolean")]
        [InlineData("{\"range\": {\"property\": [\"s\", \"c\", \"js\"], \"gt\": 1}}", "filter.range.property: ", "range needs", "json")]
        [InlineData("{\"range\": {\"property\": [\"s\", \"c\", \"rel\"], \"gt\": 1}}", "filter.range.property: ", "range needs", "direct")]
        [InlineData("{\"range\": {\"property\": [\"s\", \"c\", \"nums\"], \"gt\": 1}}", "filter.range.property: ", "range needs", "a list of int64")]
        public void OperatorsAgainstPropertyTypes(string filter, string start, params string[] mentions) => AssertRefused(filter, start, mentions);

        [Theory]
        [InlineData("txt", "1", "filter.equals.value: ", "expected a string", "[s, c, txt] (text)")]
        [InlineData("num", "\"1\"", "filter.equals.value: ", "expected a number")]
        [InlineData("flt", "true", "filter.equals.value: ", "expected a number")]
        [InlineData("bool", "\"true\"", "filter.equals.value: ", "expected true or false")]
        [InlineData("ts", "\"2024-01-01 00:00:00Z\"", "filter.equals.value: ", "expected a timestamp")]
        [InlineData("ts", "\"2024-01-01T00:00:00.1234Z\"", "filter.equals.value: ", "expected a timestamp")]
        [InlineData("ts", "\"2024-01-01\"", "filter.equals.value: ", "expected a timestamp")]
        [InlineData("ts", "\"2024-02-30T00:00:00Z\"", "filter.equals.value: ", "expected a timestamp")]
        [InlineData("ts", "\"2024-01-01T24:00:00Z\"", "filter.equals.value: ", "expected a timestamp")]
        [InlineData("ts", "\"2024-01-01T00:00:00+0100\"", "filter.equals.value: ", "expected a timestamp")]
        [InlineData("dt", "\"2024-1-01\"", "filter.equals.value: ", "expected a date (YYYY-MM-DD)")]
        [InlineData("dt", "\"2023-02-29\"", "filter.equals.value: ", "expected a date")]
        [InlineData("dt", "\"2024-01-01T00:00:00Z\"", "filter.equals.value: ", "expected a date")]
        [InlineData("rel", "\"s:a\"", "filter.equals.value: ", "expected a direct relation")]
        [InlineData("rel", "{\"space\": \"s\"}", "filter.equals.value: ", "expected a direct relation")]
        [InlineData("rel", "{\"space\": \"s\", \"externalId\": \"a\", \"x\": 1}", "filter.equals.value: ", "expected a direct relation")]
        [InlineData("txt", "null", "filter.equals.value: ", "must not be null")]
        [InlineData("js", "null", "filter.equals.value: ", "must not be null")]
        public void EqualsValuesMustFitTheType(string property, string value, string start, params string[] mentions) =>
            AssertRefused($"{{\"equals\": {{\"property\": [\"s\", \"c\", \"{property}\"], \"value\": {value}}}}}", start, mentions);

        [Theory]
        [InlineData("{\"in\": {\"property\": [\"s\", \"c\", \"num\"], \"values\": [1, \"2\"]}}", "filter.in.values[1]: ", "expected a number")]
        [InlineData("{\"in\": {\"property\": [\"s\", \"c\", \"num\"], \"values\": 1}}", "filter.in.values: ", "array of 1 to 100")]
        [InlineData("{\"in\": {\"property\": [\"s\", \"c\", \"num\"], \"values\": []}}", "filter.in.values: ", "1 to 100", "it has 0")]
        [InlineData("{\"containsAny\": {\"property\": [\"s\", \"c\", \"txts\"], \"values\": [\"a\", null]}}", "filter.containsAny.values[1]: ", "must not be null")]
        [InlineData("{\"containsAll\": {\"property\": [\"s\", \"c\", \"dts\"], \"values\": [\"2024-01-01\", \"x\"]}}", "filter.containsAll.values[1]: ", "expected a date")]
        [InlineData("{\"in\": {\"property\": [\"externalId\"], \"values\": [\"a\", 2]}}", "filter.in.values[1]: ", "expected a string for externalId")]
        [InlineData("{\"equals\": {\"property\": [\"space\"], \"value\": 2}}", "filter.equals.value: ", "expected a string for space")]
        [InlineData("{\"equals\": {\"property\": [\"createdTime\"], \"value\": \"yesterday\"}}", "filter.equals.value: ", "epoch milliseconds", "createdTime")]
        [InlineData("{\"in\": {\"property\": [\"lastUpdatedTime\"], \"values\": [1, true]}}", "filter.in.values[1]: ", "epoch milliseconds")]
        public void ValueLists(string filter, string start, params string[] mentions) => AssertRefused(filter, start, mentions);

        [Theory]
        [InlineData("\"in\"")]
        [InlineData("\"containsAny\"")]
        [InlineData("\"containsAll\"")]
        public void ValueListsTakeUpTo100Values(string opQuoted)
        {
            string op = opQuoted.Trim('"');
            string property = op == "in" ? "num" : "nums";
            string values100 = "[" + string.Join(", ", Enumerable.Range(0, 100)) + "]";
            string values101 = "[" + string.Join(", ", Enumerable.Range(0, 101)) + "]";
            RecordFilterEvaluator ok = Compile($"{{\"{op}\": {{\"property\": [\"s\", \"c\", \"{property}\"], \"values\": {values100}}}}}");
            string stored = op == "in" ? "99" : op == "containsAny" ? "[99]" : values100;
            Assert.True(ok.Matches(FilterTestRecord.With(property, stored)));
            AssertRefused($"{{\"{op}\": {{\"property\": [\"s\", \"c\", \"{property}\"], \"values\": {values101}}}}}",
                $"filter.{op}.values: ", "1 to 100", "it has 101");
        }

        [Fact]
        public void PrefixValueIs1To500Characters()
        {
            string v500 = new('a', 500);
            Assert.True(Matches($"{{\"prefix\": {{\"property\": [\"s\", \"c\", \"txt\"], \"value\": \"{v500}\"}}}}", FilterTestRecord.With("txt", $"\"{v500}b\"")));
            Assert.True(Matches($"{{\"prefix\": {{\"property\": [\"externalId\"], \"value\": \"{v500}\"}}}}", new FilterTestRecord(externalId: v500)));
            AssertRefused($"{{\"prefix\": {{\"property\": [\"s\", \"c\", \"txt\"], \"value\": \"{v500}a\"}}}}", "filter.prefix.value: ", "1 to 500", "it is 501");
            AssertRefused("{\"prefix\": {\"property\": [\"s\", \"c\", \"txt\"], \"value\": \"\"}}", "filter.prefix.value: ", "1 to 500", "it is 0");
            AssertRefused("{\"prefix\": {\"property\": [\"externalId\"], \"value\": 5}}", "filter.prefix.value: ", "must be a string");
        }

        [Theory]
        [InlineData("", "filter.range: ", "at least one bound")]
        [InlineData("\"gt\": 1, \"gte\": 1", "filter.range: ", "at most one lower bound (gt or gte)")]
        [InlineData("\"lt\": 1, \"lte\": 1", "filter.range: ", "at most one upper bound (lt or lte)")]
        [InlineData("\"gt\": \"1\"", "filter.range.gt: ", "expected a number", "[s, c, num] (int64)")]
        [InlineData("\"lte\": true", "filter.range.lte: ", "expected a number")]
        [InlineData("\"gte\": null", "filter.range.gte: ", "expected a number")]
        [InlineData("\"gte\": 1, \"lt\": [5]", "filter.range.lt: ", "expected a number")]
        public void RangeBoundsOnNumbers(string bounds, string start, params string[] mentions)
        {
            string sep = bounds.Length > 0 ? ", " : "";
            AssertRefused($"{{\"range\": {{\"property\": [\"s\", \"c\", \"num\"]{sep}{bounds}}}}}", start, mentions);
        }

        [Theory]
        [InlineData("ts", "\"gt\": \"tomorrow\"", "filter.range.gt: ", "expected a timestamp")]
        [InlineData("ts", "\"gt\": true", "filter.range.gt: ", "expected a timestamp")]
        [InlineData("dt", "\"gt\": \"2024-01-01T00:00:00Z\"", "filter.range.gt: ", "expected a date (YYYY-MM-DD)")]
        [InlineData("dt", "\"lt\": 5", "filter.range.lt: ", "expected a date")]
        [InlineData("txt", "\"lt\": 5", "filter.range.lt: ", "expected a string")]
        public void RangeBoundsOnOtherTypes(string property, string bounds, string start, params string[] mentions) =>
            AssertRefused($"{{\"range\": {{\"property\": [\"s\", \"c\", \"{property}\"], {bounds}}}}}", start, mentions);

        [Theory]
        [InlineData("\"gte\": \"2024-01-01T00:00:00Z\"")]
        [InlineData("\"gte\": \"2024-01-01T00:00:00.1+05:30\"")]
        [InlineData("\"gte\": \"2024-01-01T00:00:00.123-01:00\"")]
        [InlineData("\"gte\": \"2024-01-01T00:00:00\"")]
        [InlineData("\"gte\": \"2024-01-01\"")]
        [InlineData("\"gte\": 1704067200000, \"lt\": 1.7e12")]
        public void RangeAcceptsTheDocumentedTimeShapes(string bounds)
        {
            Compile($"{{\"range\": {{\"property\": [\"s\", \"c\", \"ts\"], {bounds}}}}}");
            Compile($"{{\"range\": {{\"property\": [\"createdTime\"], {bounds}}}}}");
        }

        [Theory]
        [InlineData("{\"range\": {\"property\": [\"createdTime\"], \"gte\": \"soon\"}}", "filter.range.gte: ", "epoch milliseconds")]
        [InlineData("{\"range\": {\"property\": [\"lastUpdatedTime\"], \"gt\": 1, \"gte\": 2}}", "filter.range: ", "at most one lower bound")]
        [InlineData("{\"and\": [{\"matchAll\": {}}, {\"range\": {\"property\": [\"s\", \"c\", \"num\"], \"gt\": 1, \"gte\": 2}}]}", "filter.and[1].range: ", "at most one lower bound (gt or gte)")]
        public void RangeMessagesNameTheirPath(string filter, string start, params string[] mentions) => AssertRefused(filter, start, mentions);

        [Theory]
        [InlineData("{\"hasData\": []}", "filter.hasData: ", "1 to 10", "it has 0")]
        [InlineData("{\"hasData\": {\"type\": \"container\", \"space\": \"s\", \"externalId\": \"c\"}}", "filter.hasData: ", "array")]
        [InlineData("{\"hasData\": [{\"type\": \"view\", \"space\": \"s\", \"externalId\": \"c\"}]}", "filter.hasData[0].type: ", "must be \"container\"")]
        [InlineData("{\"hasData\": [{\"space\": \"s\", \"externalId\": \"c\"}]}", "filter.hasData[0]: ", "missing 'type'")]
        [InlineData("{\"hasData\": [{\"type\": \"container\", \"externalId\": \"c\"}]}", "filter.hasData[0]: ", "missing 'space'")]
        [InlineData("{\"hasData\": [{\"type\": \"container\", \"space\": \"s\", \"externalId\": \"c\", \"version\": \"1\"}]}", "filter.hasData[0]: ", "unknown field 'version'")]
        [InlineData("{\"hasData\": [{\"type\": \"container\", \"space\": \"s\", \"externalId\": \"c\"}, {\"type\": \"container\", \"space\": \"s\", \"externalId\": 5}]}", "filter.hasData[1].externalId: ", "non-empty string")]
        [InlineData("{\"hasData\": [{\"type\": \"container\", \"space\": \"s\", \"externalId\": \"nope\"}]}", "filter.hasData[0]: ", "unknown container s:nope")]
        [InlineData("{\"hasData\": [\"s:c\"]}", "filter.hasData[0]: ", "container reference")]
        public void HasData(string filter, string start, params string[] mentions) => AssertRefused(filter, start, mentions);

        [Fact]
        public void HasDataTakesUpTo10Containers()
        {
            const string Ref = "{\"type\": \"container\", \"space\": \"s\", \"externalId\": \"empty\"}";
            const string C = "{\"type\": \"container\", \"space\": \"s\", \"externalId\": \"c\"}";
            string ten = string.Join(", ", Enumerable.Repeat(Ref, 9).Append(C));
            Assert.True(Matches($"{{\"hasData\": [{ten}]}}", FilterTestRecord.With("txt", "\"a\"")));
            string eleven = string.Join(", ", Enumerable.Repeat(Ref, 11));
            AssertRefused($"{{\"hasData\": [{eleven}]}}", "filter.hasData: ", "1 to 10", "it has 11");
        }

        /// <summary>A chain of nots: depth n, n nodes.</summary>
        private static string Nested(int depth)
        {
            string f = "{\"matchAll\": {}}";
            for (int i = 1; i < depth; i++) f = $"{{\"not\": {f}}}";
            return f;
        }

        [Fact]
        public void DepthIsAtMost10WithTheTopLevelFilterAtDepth1()
        {
            // 10 levels: 9 nots around a matchAll; odd count of nots, so it matches nothing.
            Assert.False(Matches(Nested(10), new FilterTestRecord()));
            AssertRefused(Nested(11), "filter.not.not.not.not.not.not.not.not.not.not: ", "depth 11", "at most 10");
        }

        [Fact]
        public void DepthCountsAndOrLevelsToo()
        {
            // and > or > and > ... : 9 levels of and/or, then a leaf at depth 10.
            string f = Leaf;
            for (int i = 0; i < 9; i++) f = i % 2 == 0 ? $"{{\"and\": [{f}]}}" : $"{{\"or\": [{{\"matchAll\": {{}}}}, {f}]}}";
            Assert.True(Matches(f, FilterTestRecord.With("txt", "\"a\"")));
            AssertRefused($"{{\"not\": {f}}}", "filter.not.", "depth 11");
        }

        /// <summary>An and of an and of (n - 2) leaves: n nodes in all, depth 3.</summary>
        private static string NodeCount(int nodes)
        {
            string leaves = string.Join(", ", Enumerable.Repeat(Leaf, nodes - 2));
            return $"{{\"and\": [{{\"and\": [{leaves}]}}]}}";
        }

        [Fact]
        public void NodesAreAtMost100CountingEveryFilterObject()
        {
            // 100 nodes: the inner and has 98 leaves.
            Assert.True(Matches(NodeCount(100), FilterTestRecord.With("txt", "\"a\"")));
            AssertRefused(NodeCount(101), "filter.and[0].and[98]: ", "too many nodes", "number 101", "at most 100");
        }

        [Fact]
        public void NodesCountAcrossBranches()
        {
            // Two ands of 49 leaves each under an or: 1 + 2 + 98 = 101.
            string half = string.Join(", ", Enumerable.Repeat(Leaf, 49));
            string exactly100 = $"{{\"or\": [{{\"and\": [{half}]}}, {{\"and\": [{string.Join(", ", Enumerable.Repeat(Leaf, 48))}]}}]}}";
            Compile(exactly100);
            AssertRefused($"{{\"or\": [{{\"and\": [{half}]}}, {{\"and\": [{half}]}}]}}", "filter.or[1].and[48]: ", "too many nodes");
        }

        [Fact]
        public void MessagesUseTheGivenPath()
        {
            using JsonDocument doc = JsonDocument.Parse("{\"and\": []}");
            ApiException e = Assert.Throws<ApiException>(() => RecordFilterEvaluator.Compile(doc.RootElement, Schema, "body.filter"));
            Assert.StartsWith("body.filter.and: ", e.Message);
        }

        [Fact]
        public void WithoutContainerExistsUnknownContainersAreStillRefusedThroughTheirProperties()
        {
            // A schema that implements only the required member: property references still get checked.
            using JsonDocument doc = JsonDocument.Parse("{\"exists\": {\"property\": [\"s\", \"zzz\", \"p\"]}}");
            ApiException e = Assert.Throws<ApiException>(() => RecordFilterEvaluator.Compile(doc.RootElement, new MinimalSchema()));
            Assert.StartsWith("filter.exists.property: unknown property [s, zzz, p]", e.Message);
        }

        private sealed class MinimalSchema : IPropertySchema
        {
            public bool TryGetPropertyType(string space, string container, string property, out string type, out bool isList)
            {
                type = "text";
                isList = false;
                return container == "c";
            }
        }
    }
}
