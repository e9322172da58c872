using System;
using System.Linq;
using CogniteRecords.Emulator.Filtering;
using static CogniteRecords.Emulator.Tests.FilterTest;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>Every operator on every value type: what matches and what does not.</summary>
    public class FilterLanguageTests
    {
        private static string P(string property) => $"[\"s\", \"c\", \"{property}\"]";

        private static string EqualsF(string property, string value) => $"{{\"equals\": {{\"property\": {P(property)}, \"value\": {value}}}}}";

        private static string InF(string property, string values) => $"{{\"in\": {{\"property\": {P(property)}, \"values\": {values}}}}}";

        private static string RangeF(string property, string bounds) => $"{{\"range\": {{\"property\": {P(property)}, {bounds}}}}}";

        private static bool Check(string filter, string property, string storedJson) =>
            Matches(filter, FilterTestRecord.With(property, storedJson));

        [Theory]
        // text: ordinal, case-sensitive; escapes in stored JSON are decoded
        [InlineData("txt", "\"abc\"", "\"abc\"", true)]
        [InlineData("txt", "\"abc\"", "\"a\\u0062c\"", true)]
        [InlineData("txt", "\"abc\"", "\"ABC\"", false)]
        [InlineData("txt", "\"abc\"", "\"abcd\"", false)]
        [InlineData("txt", "\"æøå 😀\"", "\"æøå 😀\"", true)]
        // numbers: numerically, 1 == 1.0, int64 beyond 2^53 exactly
        [InlineData("num", "1", "1", true)]
        [InlineData("num", "1", "1.0", true)]
        [InlineData("num", "1.0", "1", true)]
        [InlineData("num", "1", "2", false)]
        [InlineData("num", "9007199254740993", "9007199254740992", false)]
        [InlineData("num", "9223372036854775807", "9223372036854775807", true)]
        [InlineData("num", "-5", "-5", true)]
        [InlineData("flt", "1.5", "1.5", true)]
        [InlineData("flt", "1.5", "1.50", true)]
        [InlineData("flt", "0", "-0.0", true)]
        [InlineData("flt", "1.5", "1.25", false)]
        [InlineData("int", "7", "7", true)]
        // booleans
        [InlineData("bool", "true", "true", true)]
        [InlineData("bool", "true", "false", false)]
        [InlineData("bool", "false", "false", true)]
        // timestamps: as instants, ISO with any offset or epoch ms
        [InlineData("ts", "\"2024-01-01T00:00:00Z\"", "\"2024-01-01T00:00:00.000Z\"", true)]
        [InlineData("ts", "\"2024-01-01T00:00:00Z\"", "\"2024-01-01T01:00:00+01:00\"", true)]
        [InlineData("ts", "\"2024-01-01T00:00:00Z\"", "\"2023-12-31T19:00:00-05:00\"", true)]
        [InlineData("ts", "1704067200000", "\"2024-01-01T00:00:00Z\"", true)]
        [InlineData("ts", "\"2024-01-01T00:00:00.001Z\"", "\"2024-01-01T00:00:00Z\"", false)]
        [InlineData("ts", "\"2024-01-01T00:00:00\"", "\"2024-01-01T00:00:00Z\"", true)]
        // dates
        [InlineData("dt", "\"2024-02-29\"", "\"2024-02-29\"", true)]
        [InlineData("dt", "\"2024-02-29\"", "\"2024-03-01\"", false)]
        // direct relations: both fields
        [InlineData("rel", "{\"space\": \"s\", \"externalId\": \"a\"}", "{\"externalId\": \"a\", \"space\": \"s\"}", true)]
        [InlineData("rel", "{\"space\": \"s\", \"externalId\": \"a\"}", "{\"space\": \"t\", \"externalId\": \"a\"}", false)]
        [InlineData("rel", "{\"space\": \"s\", \"externalId\": \"a\"}", "{\"space\": \"s\", \"externalId\": \"b\"}", false)]
        // JSON objects: deep equality, key order and number spelling do not matter
        [InlineData("js", "{\"a\": 1, \"b\": [1, {\"c\": \"x\"}]}", "{\"b\": [1, {\"c\": \"x\"}], \"a\": 1}", true)]
        [InlineData("js", "{\"a\": 1, \"b\": [1, 2]}", "{\"a\": 1, \"b\": [2, 1]}", false)]
        [InlineData("js", "{\"a\": 1}", "{\"a\": 1, \"b\": 2}", false)]
        [InlineData("js", "{\"a\": 1}", "{\"a\": \"1\"}", false)]
        [InlineData("js", "[1, 2]", "[1, 2]", true)]
        [InlineData("js", "\"x\"", "\"x\"", true)]
        public void EqualsComparesByType(string property, string filterValue, string stored, bool expected)
        {
            Assert.Equal(expected, Check(EqualsF(property, filterValue), property, stored));
        }

        [Fact]
        public void EqualsOnJsonComparesNumbersByValue()
        {
            Assert.True(Check(EqualsF("js", "{\"a\": 1}"), "js", "{\"a\": 1.0}"));
        }

        [Theory]
        [InlineData("txt", "[\"x\", \"abc\", \"y\"]", "\"abc\"", true)]
        [InlineData("txt", "[\"x\", \"y\"]", "\"abc\"", false)]
        [InlineData("txt", "[\"x\", \"abc\"]", "\"a\\u0062c\"", true)]
        [InlineData("num", "[3, 1, 2]", "1.0", true)]
        [InlineData("num", "[3, 2]", "1", false)]
        [InlineData("flt", "[0.5, 2.5]", "2.5", true)]
        [InlineData("bool", "[false]", "true", false)]
        [InlineData("bool", "[false, true]", "true", true)]
        [InlineData("ts", "[\"2024-01-01T00:00:00Z\", 0]", "\"1970-01-01T00:00:00Z\"", true)]
        [InlineData("ts", "[\"2024-01-01T00:00:00Z\"]", "\"2024-01-01T00:00:01Z\"", false)]
        [InlineData("dt", "[\"2024-01-01\", \"2024-01-02\"]", "\"2024-01-02\"", true)]
        [InlineData("rel", "[{\"space\": \"s\", \"externalId\": \"a\"}, {\"space\": \"s\", \"externalId\": \"b\"}]", "{\"space\": \"s\", \"externalId\": \"b\"}", true)]
        [InlineData("rel", "[{\"space\": \"s\", \"externalId\": \"a\"}]", "{\"space\": \"x\", \"externalId\": \"a\"}", false)]
        [InlineData("js", "[{\"a\": 1}, {\"a\": 2}]", "{\"a\": 2}", true)]
        public void InMatchesAnyOfTheValues(string property, string values, string stored, bool expected)
        {
            Assert.Equal(expected, Check(InF(property, values), property, stored));
        }

        [Fact]
        public void InWithManyTextValuesUsesTheSetForShortAndLongStrings()
        {
            string longValue = new('q', 1000);
            string values = "[" + string.Join(", ", Enumerable.Range(0, 100).Select(i => i == 50 ? $"\"{longValue}\"" : $"\"v{i}\"")) + "]";
            RecordFilterEvaluator f = Compile(InF("txt", values));
            Assert.True(f.Matches(FilterTestRecord.With("txt", "\"v99\"")));
            Assert.True(f.Matches(FilterTestRecord.With("txt", $"\"{longValue}\"")));
            Assert.False(f.Matches(FilterTestRecord.With("txt", $"\"{longValue}r\"")));
            Assert.False(f.Matches(FilterTestRecord.With("txt", "\"v100\"")));
        }

        [Theory]
        [InlineData("\"ab\"", "\"abc\"", true)]
        [InlineData("\"ab\"", "\"ab\"", true)]
        [InlineData("\"ab\"", "\"a\"", false)]
        [InlineData("\"ab\"", "\"Abc\"", false)]
        [InlineData("\"ab\"", "\"\\u0061bc\"", true)]
        [InlineData("\"æ\"", "\"æble\"", true)]
        [InlineData("\"😀\"", "\"😀x\"", true)]
        public void PrefixOnText(string prefix, string stored, bool expected)
        {
            string f = $"{{\"prefix\": {{\"property\": {P("txt")}, \"value\": {prefix}}}}}";
            Assert.Equal(expected, Check(f, "txt", stored));
        }

        [Theory]
        // numbers, each bound kind at its edge
        [InlineData("num", "\"gt\": 5", "5", false)]
        [InlineData("num", "\"gt\": 5", "6", true)]
        [InlineData("num", "\"gte\": 5", "5", true)]
        [InlineData("num", "\"gte\": 5", "4", false)]
        [InlineData("num", "\"lt\": 5", "5", false)]
        [InlineData("num", "\"lt\": 5", "4", true)]
        [InlineData("num", "\"lte\": 5", "5", true)]
        [InlineData("num", "\"lte\": 5", "6", false)]
        [InlineData("num", "\"gt\": 1, \"lt\": 3", "2", true)]
        [InlineData("num", "\"gt\": 1, \"lt\": 3", "3", false)]
        [InlineData("num", "\"gt\": 1.5", "2", true)]
        [InlineData("num", "\"gt\": 1.5", "1", false)]
        [InlineData("num", "\"gte\": 1.0", "1", true)]
        [InlineData("num", "\"gt\": 9007199254740992", "9007199254740993", true)]
        [InlineData("num", "\"lt\": -1", "-2", true)]
        [InlineData("flt", "\"gt\": 1", "1.0000001", true)]
        [InlineData("flt", "\"lt\": 1", "0.5", true)]
        [InlineData("flt", "\"gt\": 1e300", "1.7e308", true)]
        // timestamps: ISO bounds in any offset, epoch ms, dates as midnight UTC
        [InlineData("ts", "\"gte\": \"2024-01-01T00:00:00Z\"", "\"2024-01-01T00:00:00Z\"", true)]
        [InlineData("ts", "\"gt\": \"2024-01-01T00:00:00Z\"", "\"2024-01-01T00:30:00+01:00\"", false)]
        [InlineData("ts", "\"gt\": \"2024-01-01T00:00:00Z\"", "\"2024-01-01T00:00:00.001Z\"", true)]
        [InlineData("ts", "\"lt\": 1704067200000", "\"2023-12-31T23:59:59.999Z\"", true)]
        [InlineData("ts", "\"lt\": 1704067200000", "\"2024-01-01T00:00:00Z\"", false)]
        [InlineData("ts", "\"gte\": \"2024-01-01\", \"lt\": \"2024-01-02\"", "\"2024-01-01T23:59:59Z\"", true)]
        [InlineData("ts", "\"gte\": \"2024-01-01\", \"lt\": \"2024-01-02\"", "\"2024-01-02T00:00:00Z\"", false)]
        [InlineData("ts", "\"gt\": \"2024-01-01T00:00:00.5+00:00\"", "\"2024-01-01T00:00:00.501Z\"", true)]
        // dates
        [InlineData("dt", "\"gt\": \"2024-02-28\"", "\"2024-02-29\"", true)]
        [InlineData("dt", "\"lte\": \"2024-02-28\"", "\"2024-02-29\"", false)]
        [InlineData("dt", "\"gte\": \"1999-12-31\", \"lte\": \"2000-01-01\"", "\"2000-01-01\"", true)]
        // text: code point order
        [InlineData("txt", "\"gte\": \"b\"", "\"b\"", true)]
        [InlineData("txt", "\"gt\": \"b\"", "\"ba\"", true)]
        [InlineData("txt", "\"gt\": \"b\"", "\"b\"", false)]
        [InlineData("txt", "\"lte\": \"b\"", "\"b\"", true)]
        [InlineData("txt", "\"lt\": \"b\"", "\"b\"", false)]
        [InlineData("ts", "\"gt\": \"2024-01-01T00:00:00Z\"", "\"2024-01-01T00:00:00Z\"", false)]
        [InlineData("ts", "\"lte\": 1704067200000", "\"2024-01-01T01:00:00+01:00\"", true)]
        [InlineData("dt", "\"gt\": \"2024-02-29\"", "\"2024-02-29\"", false)]
        [InlineData("txt", "\"lt\": \"b\"", "\"B\"", true)]
        [InlineData("txt", "\"lt\": \"b\"", "\"c\"", false)]
        [InlineData("txt", "\"gt\": \"\\uffff\"", "\"😀\"", true)]
        public void RangeByType(string property, string bounds, string stored, bool expected)
        {
            Assert.Equal(expected, Check(RangeF(property, bounds), property, stored));
        }

        [Theory]
        [InlineData("txts", "[\"a\", \"b\"]", "[\"x\", \"b\"]", true)]
        [InlineData("txts", "[\"a\", \"b\"]", "[\"x\", \"y\"]", false)]
        [InlineData("nums", "[1, 2]", "[5, 2.0]", true)]
        [InlineData("nums", "[1, 2]", "[]", false)]
        [InlineData("flts", "[0.5]", "[0.25, 0.5]", true)]
        [InlineData("bools", "[true]", "[false, true]", true)]
        [InlineData("bools", "[true]", "[false]", false)]
        [InlineData("tss", "[\"2024-01-01T00:00:00Z\"]", "[\"2024-01-01T02:00:00+02:00\"]", true)]
        [InlineData("dts", "[\"2024-01-01\"]", "[\"2024-01-02\"]", false)]
        [InlineData("rels", "[{\"space\": \"s\", \"externalId\": \"a\"}]", "[{\"space\": \"s\", \"externalId\": \"b\"}, {\"space\": \"s\", \"externalId\": \"a\"}]", true)]
        [InlineData("jss", "[{\"k\": [1]}]", "[{\"k\": [1]}]", true)]
        public void ContainsAnyOnLists(string property, string values, string stored, bool expected)
        {
            string f = $"{{\"containsAny\": {{\"property\": {P(property)}, \"values\": {values}}}}}";
            Assert.Equal(expected, Check(f, property, stored));
        }

        [Theory]
        [InlineData("txts", "[\"a\", \"b\"]", "[\"b\", \"x\", \"a\"]", true)]
        [InlineData("txts", "[\"a\", \"b\"]", "[\"a\", \"a\"]", false)]
        [InlineData("txts", "[\"a\", \"a\"]", "[\"a\"]", true)]
        [InlineData("nums", "[1, 2]", "[2.0, 1]", true)]
        [InlineData("nums", "[1, 2, 3]", "[1, 2]", false)]
        [InlineData("bools", "[true, false]", "[false, true]", true)]
        [InlineData("tss", "[0, \"2024-01-01T00:00:00Z\"]", "[\"1970-01-01T00:00:00Z\", \"2024-01-01T00:00:00Z\"]", true)]
        [InlineData("dts", "[\"2024-01-01\", \"2024-01-02\"]", "[\"2024-01-01\"]", false)]
        [InlineData("rels", "[{\"space\": \"s\", \"externalId\": \"a\"}, {\"space\": \"s\", \"externalId\": \"b\"}]", "[{\"space\": \"s\", \"externalId\": \"b\"}, {\"space\": \"s\", \"externalId\": \"a\"}]", true)]
        [InlineData("jss", "[1, \"1\"]", "[\"1\", 1]", true)]
        [InlineData("jss", "[1, \"1\"]", "[1]", false)]
        public void ContainsAllOnLists(string property, string values, string stored, bool expected)
        {
            string f = $"{{\"containsAll\": {{\"property\": {P(property)}, \"values\": {values}}}}}";
            Assert.Equal(expected, Check(f, property, stored));
        }

        [Fact]
        public void ContainsOperatorsDoNotMatchASingleStoredValue()
        {
            // A stored scalar where a list is expected (a schema change, say) is no match, never an exception.
            string f = $"{{\"containsAny\": {{\"property\": {P("txts")}, \"values\": [\"a\"]}}}}";
            Assert.False(Check(f, "txts", "\"a\""));
        }

        [Fact]
        public void ExistsIsTrueOnlyForAPresentNonNullValue()
        {
            string f = $"{{\"exists\": {{\"property\": {P("txt")}}}}}";
            Assert.True(Check(f, "txt", "\"\""));
            Assert.True(Check(f, "txt", "\"a\""));
            Assert.False(Check(f, "txt", "null"));
            Assert.False(Matches(f, FilterTestRecord.With("num", "1")));
            Assert.False(Matches(f, new FilterTestRecord()));
        }

        [Fact]
        public void HasDataMatchesDataInAnyListedContainer()
        {
            const string Both = "{\"hasData\": [{\"type\": \"container\", \"space\": \"s\", \"externalId\": \"c\"}, {\"type\": \"container\", \"space\": \"s\", \"externalId\": \"d\"}]}";
            const string OnlyD = "{\"hasData\": [{\"type\": \"container\", \"space\": \"s\", \"externalId\": \"d\"}]}";
            var inC = new FilterTestRecord("{\"c\": {\"txt\": \"a\"}}");
            var inD = new FilterTestRecord("{\"d\": {\"x\": \"a\"}}");
            var inNone = new FilterTestRecord("{}");
            Assert.True(Matches(Both, inC));
            Assert.True(Matches(Both, inD));
            Assert.False(Matches(Both, inNone));
            Assert.False(Matches(OnlyD, inC));
            Assert.True(Matches(OnlyD, inD));
        }

        [Fact]
        public void BooleanOperatorsCombine()
        {
            var r = new FilterTestRecord("{\"c\": {\"num\": 5, \"txt\": \"abc\"}}");
            string gt3 = RangeF("num", "\"gt\": 3");
            string gt7 = RangeF("num", "\"gt\": 7");
            string abc = EqualsF("txt", "\"abc\"");
            Assert.True(Matches($"{{\"and\": [{gt3}, {abc}]}}", r));
            Assert.False(Matches($"{{\"and\": [{gt3}, {gt7}]}}", r));
            Assert.True(Matches($"{{\"or\": [{gt7}, {abc}]}}", r));
            Assert.False(Matches($"{{\"or\": [{gt7}]}}", r));
            Assert.True(Matches($"{{\"not\": {gt7}}}", r));
            Assert.False(Matches($"{{\"not\": {{\"not\": {gt7}}}}}", r));
            Assert.True(Matches("{\"matchAll\": {}}", r));
            Assert.False(Matches("{\"not\": {\"matchAll\": {}}}", r));
            Assert.True(RecordFilterEvaluator.MatchAll.Matches(r));
        }

        [Fact]
        public void TopLevelFieldsEqualsInPrefixAndRange()
        {
            var r = new FilterTestRecord("{}", externalId: "pump-17", space: "s", createdTime: 1704067200000, lastUpdatedTime: 1704067260000);
            Assert.True(Matches("{\"equals\": {\"property\": [\"externalId\"], \"value\": \"pump-17\"}}", r));
            Assert.False(Matches("{\"equals\": {\"property\": [\"externalId\"], \"value\": \"pump-1\"}}", r));
            Assert.True(Matches("{\"equals\": {\"property\": [\"space\"], \"value\": \"s\"}}", r));
            Assert.True(Matches("{\"in\": {\"property\": [\"externalId\"], \"values\": [\"a\", \"pump-17\"]}}", r));
            Assert.False(Matches("{\"in\": {\"property\": [\"space\"], \"values\": [\"a\", \"b\"]}}", r));
            Assert.True(Matches("{\"prefix\": {\"property\": [\"externalId\"], \"value\": \"pump-\"}}", r));
            Assert.False(Matches("{\"prefix\": {\"property\": [\"space\"], \"value\": \"x\"}}", r));
            Assert.True(Matches("{\"equals\": {\"property\": [\"createdTime\"], \"value\": 1704067200000}}", r));
            Assert.True(Matches("{\"equals\": {\"property\": [\"createdTime\"], \"value\": \"2024-01-01T00:00:00Z\"}}", r));
            Assert.True(Matches("{\"in\": {\"property\": [\"lastUpdatedTime\"], \"values\": [1, 1704067260000]}}", r));
            Assert.False(Matches("{\"equals\": {\"property\": [\"lastUpdatedTime\"], \"value\": 1704067200000}}", r));
            Assert.True(Matches("{\"range\": {\"property\": [\"createdTime\"], \"gte\": 1704067200000, \"lt\": 1704067200001}}", r));
            Assert.False(Matches("{\"range\": {\"property\": [\"createdTime\"], \"gt\": 1704067200000}}", r));
            Assert.True(Matches("{\"range\": {\"property\": [\"lastUpdatedTime\"], \"gt\": \"2024-01-01T00:00:59Z\", \"lte\": \"2024-01-01T01:01:00+01:00\"}}", r));
            Assert.False(Matches("{\"range\": {\"property\": [\"lastUpdatedTime\"], \"lt\": \"2024-01-01T00:01:00Z\"}}", r));
        }

        [Fact]
        public void ContainerPropertyFiltersNeverMatchTombstonesTopLevelFiltersDo()
        {
            var tombstone = new FilterTestRecord("{\"c\": {\"txt\": \"a\", \"txts\": [\"a\"], \"num\": 1}}", externalId: "gone", isDeleted: true);
            Assert.False(Matches($"{{\"exists\": {{\"property\": {P("txt")}}}}}", tombstone));
            Assert.False(Matches(EqualsF("txt", "\"a\""), tombstone));
            Assert.False(Matches(InF("txt", "[\"a\"]"), tombstone));
            Assert.False(Matches($"{{\"prefix\": {{\"property\": {P("txt")}, \"value\": \"a\"}}}}", tombstone));
            Assert.False(Matches(RangeF("num", "\"gte\": 0"), tombstone));
            Assert.False(Matches($"{{\"containsAny\": {{\"property\": {P("txts")}, \"values\": [\"a\"]}}}}", tombstone));
            Assert.False(Matches("{\"hasData\": [{\"type\": \"container\", \"space\": \"s\", \"externalId\": \"c\"}]}", tombstone));
            Assert.True(Matches("{\"equals\": {\"property\": [\"externalId\"], \"value\": \"gone\"}}", tombstone));
            Assert.True(Matches("{\"prefix\": {\"property\": [\"space\"], \"value\": \"s\"}}", tombstone));
            Assert.True(Matches("{\"range\": {\"property\": [\"lastUpdatedTime\"], \"gte\": 0}}", tombstone));
            Assert.True(Matches("{\"matchAll\": {}}", tombstone));
            // (our choice) plain two-valued logic: not(container filter) is true for a tombstone.
            Assert.True(Matches($"{{\"not\": {EqualsF("txt", "\"a\"")}}}", tombstone));
        }

        [Fact]
        public void TombstoneRuleHoldsEvenWhenTheStoreStillAnswersProperties()
        {
            // The evaluator itself must refuse tombstones, not rely on the store hiding their properties.
            var tombstone = new LeakyTombstone();
            Assert.False(Matches(EqualsF("txt", "\"a\""), tombstone));
            Assert.False(Matches($"{{\"exists\": {{\"property\": {P("txt")}}}}}", tombstone));
            Assert.False(Matches("{\"hasData\": [{\"type\": \"container\", \"space\": \"s\", \"externalId\": \"c\"}]}", tombstone));
        }

        [Theory]
        [InlineData("num", "\"abc\"")]
        [InlineData("num", "true")]
        [InlineData("ts", "\"not a time\"")]
        [InlineData("ts", "{\"a\": 1}")]
        [InlineData("dt", "\"2024-13-01\"")]
        [InlineData("rel", "\"s:a\"")]
        [InlineData("txt", "5")]
        public void OddStoredValuesDoNotMatchAndDoNotThrow(string property, string stored)
        {
            var r = FilterTestRecord.With(property, stored);
            string value = property switch
            {
                "num" => "1", "ts" => "0", "dt" => "\"2024-01-01\"", "rel" => "{\"space\": \"s\", \"externalId\": \"a\"}", _ => "\"5\"",
            };
            Assert.False(Matches(EqualsF(property, value), r));
            if (property != "rel") Assert.False(Matches(RangeF(property, $"\"gte\": {value}"), r));
        }

        [Fact]
        public void MatchesDoesNotAllocateForCommonOperators()
        {
            RecordFilterEvaluator f = Compile(
                "{\"and\": [" +
                $"{EqualsF("txt", "\"abc\"")}, {InF("txt", "[\"x\", \"abc\", \"y\"]")}, {InF("num", "[1, 2, 3]")}," +
                $"{RangeF("num", "\"gte\": 1, \"lt\": 10")}, {RangeF("ts", "\"gte\": \"2020-01-01T00:00:00Z\"")}," +
                $"{RangeF("txt", "\"gte\": \"a\"")}," +
                $"{{\"prefix\": {{\"property\": {P("txt")}, \"value\": \"ab\"}}}}," +
                $"{{\"containsAll\": {{\"property\": {P("nums")}, \"values\": [1, 2]}}}}," +
                $"{{\"exists\": {{\"property\": {P("bool")}}}}}," +
                "{\"equals\": {\"property\": [\"externalId\"], \"value\": \"r1\"}}," +
                "{\"range\": {\"property\": [\"createdTime\"], \"gte\": 0}}," +
                "{\"hasData\": [{\"type\": \"container\", \"space\": \"s\", \"externalId\": \"c\"}]}" +
                "]}");
            var r = new FilterTestRecord("{\"c\": {\"txt\": \"abc\", \"num\": 2, \"ts\": \"2024-05-01T10:00:00.123Z\", \"nums\": [3, 2, 1], \"bool\": false}}");
            Assert.True(f.Matches(r));
            for (int i = 0; i < 100; i++) f.Matches(r);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++) f.Matches(r);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
        }

        private sealed class LeakyTombstone : IFilterableRecord
        {
            public string Space => "s";
            public string ExternalId => "x";
            public long CreatedTime => 0;
            public long LastUpdatedTime => 0;
            public bool IsDeleted => true;

            public bool TryGetProperty(string space, string container, string property, out System.Text.Json.JsonElement value)
            {
                value = Json("\"a\"");
                return true;
            }

            public bool HasData(string space, string container) => true;
        }
    }
}
