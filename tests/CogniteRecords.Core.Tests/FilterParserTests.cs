using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using CogniteRecords.Core.Filters;

namespace CogniteRecords.Core.Tests
{
    public class FilterParserTests
    {
        // The seed document's example, verbatim.
        private const string SeedExample =
            "{\"and\":[{\"containsAll\":{\"property\":[\"mySpace\",\"myContainer\",\"myProperty\"],\"values\":[10011,10012]}},{\"range\":{\"property\":[\"my_space\",\"my_container\",\"my_weight\"],\"gte\":0}}]}";

        private static Hashtable H(params object[] pairs)
        {
            // Case-insensitive, like a PowerShell hashtable.
            var h = new Hashtable(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < pairs.Length; i += 2) h[(string)pairs[i]] = pairs[i + 1];
            return h;
        }

        private static string[] P(string s, string c, string p) => new[] { s, c, p };

        private static FilterValidationException Invalid(object? input)
            => Assert.Throws<FilterValidationException>(() => FilterParser.Parse(input));

        // ---- canonical JSON ----

        [Fact]
        public void SeedExampleRoundTripsToTheSameText()
        {
            Assert.Equal(SeedExample, FilterParser.Parse(SeedExample).ToJson());
        }

        [Fact]
        public void SeedExampleFromPlainDataGivesTheDocumentedJson()
        {
            var data = H("and", new object[]
            {
                H("containsAll", H("values", new object[] { 10011, 10012 }, "property", P("mySpace", "myContainer", "myProperty"))),
                H("range", H("gte", 0, "property", P("my_space", "my_container", "my_weight"))),
            });
            Assert.Equal(SeedExample, FilterParser.Parse(data).ToJson());
        }

        [Fact]
        public void KeyOrderAndWhitespaceDoNotChangeTheText()
        {
            var a = FilterParser.Parse("{ \"range\": { \"lte\": 5, \"gt\": 1.0, \"property\": [\"s\", \"c\", \"p\"] } }");
            var b = FilterParser.Parse("{\"range\":{\"property\":[\"s\",\"c\",\"p\"],\"gt\":1,\"lte\":5}}");
            Assert.Equal("{\"range\":{\"property\":[\"s\",\"c\",\"p\"],\"gt\":1,\"lte\":5}}", a.ToJson());
            Assert.Equal(a.ToJson(), b.ToJson());
            Assert.Equal(a, b);
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
        }

        [Fact]
        public void NumbersAreCanonical()
        {
            string Json(object v) => FilterParser.Parse(H("equals", H("property", "s/c/p", "value", v))).ToJson();
            Assert.Equal(Json(20), Json(20.0));
            Assert.Equal(Json(20L), Json(20m));
            Assert.Equal(Json(1.5), Json(1.50m));
            Assert.Equal(Json(1.5), FilterParser.Parse("{\"equals\":{\"property\":[\"s\",\"c\",\"p\"],\"value\":1.50}}").ToJson());
            Assert.Contains("\"value\":0.1}", Json(0.1f));
            Assert.Contains("\"value\":-3}", Json((sbyte)-3));
            Assert.Contains("\"value\":18446744073709551615}", Json(ulong.MaxValue));
        }

        [Fact]
        public void ObjectValuesHaveSortedKeys()
        {
            var f = FilterParser.Parse("{\"equals\":{\"property\":[\"s\",\"c\",\"rel\"],\"value\":{\"space\":\"x\",\"externalId\":\"y\"}}}");
            Assert.Equal("{\"equals\":{\"property\":[\"s\",\"c\",\"rel\"],\"value\":{\"externalId\":\"y\",\"space\":\"x\"}}}", f.ToJson());
        }

        [Fact]
        public void NonAsciiTextIsWrittenReadablyAndQuotesEscaped()
        {
            var f = FilterParser.Parse(H("prefix", H("property", "externalId", "value", "Bjørn \"x\"")));
            Assert.Equal("{\"prefix\":{\"property\":[\"externalId\"],\"value\":\"Bjørn \\\"x\\\"\"}}", f.ToJson());
        }

        [Fact]
        public void WriteToGivesTheSameTextInsideAnotherDocument()
        {
            var f = FilterParser.Parse(SeedExample);
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                w.WritePropertyName("filter");
                f.WriteTo(w);
                w.WriteNumber("limit", 10);
                w.WriteEndObject();
            }
            Assert.Equal("{\"filter\":" + SeedExample + ",\"limit\":10}", Encoding.UTF8.GetString(stream.ToArray()));
        }

        // ---- every operator ----

        [Theory]
        [InlineData("{\"matchAll\":{}}")]
        [InlineData("{\"exists\":{\"property\":[\"s\",\"c\",\"p\"]}}")]
        [InlineData("{\"equals\":{\"property\":[\"externalId\"],\"value\":\"r1\"}}")]
        [InlineData("{\"equals\":{\"property\":[\"s\",\"c\",\"flag\"],\"value\":true}}")]
        [InlineData("{\"in\":{\"property\":[\"space\"],\"values\":[\"a\",\"b\"]}}")]
        [InlineData("{\"in\":{\"property\":[\"createdTime\"],\"values\":[1,2]}}")]
        [InlineData("{\"prefix\":{\"property\":[\"s\",\"c\",\"name\"],\"value\":\"ab\"}}")]
        [InlineData("{\"range\":{\"property\":[\"lastUpdatedTime\"],\"gte\":0,\"lt\":1720616232000}}")]
        [InlineData("{\"range\":{\"property\":[\"s\",\"c\",\"when\"],\"gt\":\"2024-01-01\",\"lte\":\"2024-02-01T00:00:00.000Z\"}}")]
        [InlineData("{\"range\":{\"property\":[\"s\",\"c\",\"when\"],\"lt\":\"2024-02-01T10:00:00+02:00\"}}")]
        [InlineData("{\"range\":{\"property\":[\"s\",\"c\",\"name\"],\"gte\":\"a\",\"lt\":\"n\"}}")]
        [InlineData("{\"containsAny\":{\"property\":[\"s\",\"c\",\"tags\"],\"values\":[\"a\"]}}")]
        [InlineData("{\"containsAll\":{\"property\":[\"s\",\"c\",\"tags\"],\"values\":[\"a\",\"b\"]}}")]
        [InlineData("{\"hasData\":[{\"type\":\"container\",\"space\":\"s\",\"externalId\":\"c\"}]}")]
        [InlineData("{\"not\":{\"matchAll\":{}}}")]
        [InlineData("{\"or\":[{\"matchAll\":{}},{\"not\":{\"exists\":{\"property\":[\"s\",\"c\",\"p\"]}}}]}")]
        public void EveryOperatorRoundTrips(string json)
        {
            var f = FilterParser.Parse(json);
            Assert.Equal(json, f.ToJson());
            // And through a JsonElement.
            using var doc = JsonDocument.Parse(json);
            Assert.Equal(json, FilterParser.Parse(doc.RootElement).ToJson());
        }

        [Fact]
        public void TheModelExposesTheParts()
        {
            var f = (BooleanFilter)FilterParser.Parse(SeedExample);
            Assert.Equal("and", f.Operator);
            Assert.Equal(3, f.NodeCount);
            Assert.Equal(2, f.Depth);
            var contains = (PropertyFilter)f.Children[0];
            Assert.Equal("mySpace/myContainer/myProperty", contains.Property.ToString());
            Assert.Equal(new[] { "10011", "10012" }, contains.Values!.Select(v => v.Json));
            var range = (PropertyFilter)f.Children[1];
            Assert.Equal("0", range.Gte!.Json);
            Assert.Null(range.Gt);
        }

        // ---- leniencies of the plain-data form ----

        [Fact]
        public void PlainDataTakesPropertyStringsAnyCaseAndContainerShortcuts()
        {
            var f = FilterParser.Parse(H("AND", new object[]
            {
                H("Equals", H("Property", "EXTERNALID", "Value", "x")),
                H("hasdata", new object[] { "s/c", H("space", "s2", "externalId", "c2") }),
                H("containsany", H("property", "s/c/tags", "values", "one")),
            }));
            Assert.Equal(
                "{\"and\":[{\"equals\":{\"property\":[\"externalId\"],\"value\":\"x\"}}," +
                "{\"hasData\":[{\"type\":\"container\",\"space\":\"s\",\"externalId\":\"c\"},{\"type\":\"container\",\"space\":\"s2\",\"externalId\":\"c2\"}]}," +
                "{\"containsAny\":{\"property\":[\"s\",\"c\",\"tags\"],\"values\":[\"one\"]}}]}", f.ToJson());
        }

        [Fact]
        public void FiltersJsonAndDataMixAtAnyFilterPosition()
        {
            var built = FilterParser.Parse("{\"exists\":{\"property\":[\"s\",\"c\",\"a\"]}}");
            var f = FilterParser.Parse(H("or", new object[] { built, "{\"matchAll\":{}}", H("not", "{\"exists\":{\"property\":[\"s\",\"c\",\"b\"]}}") }));
            Assert.Equal("{\"or\":[{\"exists\":{\"property\":[\"s\",\"c\",\"a\"]}},{\"matchAll\":{}},{\"not\":{\"exists\":{\"property\":[\"s\",\"c\",\"b\"]}}}]}", f.ToJson());
            Assert.Same(built, f.Children[0]);
        }

        [Fact]
        public void OneFilterOrOneValueStandsForAListOfOne()
        {
            Assert.Equal("{\"and\":[{\"matchAll\":{}}]}", FilterParser.Parse(H("and", H("matchAll", H()))).ToJson());
            Assert.Equal("{\"in\":{\"property\":[\"space\"],\"values\":[\"a\"]}}", FilterParser.Parse(H("in", H("property", "space", "values", "a"))).ToJson());
        }

        // ---- dates ----

        [Fact]
        public void DatesBecomeEpochMillisecondsOnTopLevelTimes()
        {
            var at = new DateTimeOffset(2024, 7, 10, 12, 57, 12, TimeSpan.Zero);
            var f = FilterParser.Parse(H("range", H("property", "createdTime", "gte", at, "lt", at.UtcDateTime.AddSeconds(1))));
            Assert.Equal("{\"range\":{\"property\":[\"createdTime\"],\"gte\":1720616232000,\"lt\":1720616233000}}", f.ToJson());
            var g = FilterParser.Parse(H("equals", H("property", "lastUpdatedTime", "value", "2024-07-10T14:57:12+02:00")));
            Assert.Equal("{\"equals\":{\"property\":[\"lastUpdatedTime\"],\"value\":1720616232000}}", g.ToJson());
            var d = FilterParser.Parse(H("range", H("property", "createdTime", "gte", "2024-07-10")));
            Assert.Equal("{\"range\":{\"property\":[\"createdTime\"],\"gte\":1720569600000}}", d.ToJson());
        }

        [Fact]
        public void DatesBecomeIsoUtcOnContainerProperties()
        {
            var local = new DateTimeOffset(2024, 1, 1, 2, 0, 0, TimeSpan.FromHours(2));
            var f = FilterParser.Parse(H("range", H("property", "s/c/when", "gte", local, "lt", new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc))));
            Assert.Equal("{\"range\":{\"property\":[\"s\",\"c\",\"when\"],\"gte\":\"2024-01-01T00:00:00.000Z\",\"lt\":\"2024-01-02T00:00:00.000Z\"}}", f.ToJson());
            var unspecified = new DateTime(2024, 3, 4, 5, 6, 7, 8, DateTimeKind.Unspecified);
            var g = FilterParser.Parse(H("equals", H("property", "s/c/when", "value", unspecified)));
            string expected = unspecified.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
            Assert.Equal("{\"equals\":{\"property\":[\"s\",\"c\",\"when\"],\"value\":\"" + expected + "\"}}", g.ToJson());
        }

        // ---- validation: every rule ----

        [Theory]
        [InlineData("{\"equal\":{\"property\":[\"space\"],\"value\":\"a\"}}", "equal", "unknown operator 'equal'")]
        [InlineData("{\"and\":[{\"matchAll\":{}},{\"bogus\":{}}]}", "and[1].bogus", "unknown operator 'bogus'")]
        [InlineData("{}", "", "exactly one key")]
        [InlineData("{\"matchAll\":{},\"exists\":{\"property\":[\"space\"]}}", "", "'matchAll', 'exists'")]
        [InlineData("{\"equals\":{\"property\":[\"space\"],\"value\":\"a\",\"values\":[1]}}", "equals.values", "unknown key 'values'")]
        [InlineData("{\"equals\":{\"property\":[\"space\"],\"property\":[\"space\"],\"value\":\"a\"}}", "equals.property", "given twice")]
        [InlineData("{\"equals\":{\"value\":1}}", "equals", "needs 'property'")]
        [InlineData("{\"equals\":{\"property\":[\"space\"]}}", "equals", "needs 'value'")]
        [InlineData("{\"equals\":{\"property\":[\"s\",\"c\",\"p\"],\"value\":null}}", "equals.value", "not")]
        [InlineData("{\"equals\":{\"property\":[\"s\",\"c\",\"p\"],\"value\":[1,2]}}", "equals.value", "not a list")]
        [InlineData("{\"equals\":{\"property\":[\"s\",\"c\"],\"value\":1}}", "equals.property", "2 parts")]
        [InlineData("{\"equals\":{\"property\":[\"s\",\"c\",\"p\",\"q\"],\"value\":1}}", "equals.property", "4 parts")]
        [InlineData("{\"equals\":{\"property\":[],\"value\":1}}", "equals.property", "0 parts")]
        [InlineData("{\"equals\":{\"property\":[\"deletedTime\"],\"value\":1}}", "equals.property", "not a top-level field")]
        [InlineData("{\"equals\":{\"property\":[\"s\",\"c\",1],\"value\":1}}", "equals.property", "strings only")]
        [InlineData("{\"equals\":{\"property\":\"s/c/p\",\"value\":[]}}", "equals.value", "not a list")]
        [InlineData("{\"equals\":{\"property\":[\"1s\",\"c\",\"p\"],\"value\":1}}", "equals.property", "not a valid space")]
        [InlineData("{\"equals\":{\"property\":[\"s\",\"c-1\",\"p\"],\"value\":1}}", "equals.property", "not a valid container")]
        [InlineData("{\"equals\":{\"property\":[\"s\",\"c\",\"p q\"],\"value\":1}}", "equals.property", "not a valid property id")]
        [InlineData("{\"equals\":{\"property\":[\"s\",\"c\",\"externalId\"],\"value\":1}}", "equals.property", "reserved")]
        [InlineData("{\"equals\":{\"property\":[\"externalId\"],\"value\":5}}", "equals.value", "holds strings")]
        [InlineData("{\"equals\":{\"property\":[\"createdTime\"],\"value\":1.5}}", "equals.value", "epoch milliseconds")]
        [InlineData("{\"equals\":{\"property\":[\"createdTime\"],\"value\":-1}}", "equals.value", "before 1970")]
        [InlineData("{\"equals\":{\"property\":[\"createdTime\"],\"value\":\"yesterday\"}}", "equals.value", "epoch milliseconds")]
        [InlineData("{\"prefix\":{\"property\":[\"createdTime\"],\"value\":\"1\"}}", "prefix.property", "does not take the top-level field 'createdTime'")]
        [InlineData("{\"prefix\":{\"property\":[\"externalId\"],\"value\":\"\"}}", "prefix.value", "1 to 500")]
        [InlineData("{\"prefix\":{\"property\":[\"externalId\"],\"value\":5}}", "prefix.value", "string value")]
        [InlineData("{\"range\":{\"property\":[\"externalId\"],\"gt\":\"a\"}}", "range.property", "does not take the top-level field 'externalId'")]
        [InlineData("{\"range\":{\"property\":[\"space\"],\"gt\":1}}", "range.property", "'createdTime', 'lastUpdatedTime'")]
        [InlineData("{\"range\":{\"property\":[\"s\",\"c\",\"p\"]}}", "range", "at least one bound")]
        [InlineData("{\"range\":{\"property\":[\"s\",\"c\",\"p\"],\"gt\":1,\"gte\":2}}", "range", "one lower bound")]
        [InlineData("{\"range\":{\"property\":[\"s\",\"c\",\"p\"],\"lt\":1,\"lte\":2}}", "range", "one upper bound")]
        [InlineData("{\"range\":{\"property\":[\"s\",\"c\",\"p\"],\"gt\":true}}", "range.gt", "not a boolean")]
        [InlineData("{\"range\":{\"property\":[\"s\",\"c\",\"p\"],\"gt\":null}}", "range.gt", "cannot be null")]
        [InlineData("{\"range\":{\"property\":[\"s\",\"c\",\"p\"],\"gt\":\"\"}}", "range.gt", "empty string")]
        [InlineData("{\"range\":{\"property\":[\"createdTime\"],\"gt\":\"2024-13-01\"}}", "range.gt", "'2024-13-01'")]
        [InlineData("{\"range\":{\"property\":[\"createdTime\"],\"gt\":\"2024-01-01T00:00:00.1234Z\"}}", "range.gt", "epoch milliseconds")]
        [InlineData("{\"range\":{\"property\":[\"s\",\"c\",\"p\"],\"gt\":{\"a\":1}}}", "range.gt", "an object")]
        [InlineData("{\"range\":{\"property\":[\"s\",\"c\",\"p\"],\"between\":1}}", "range.between", "unknown key 'between'")]
        [InlineData("{\"exists\":{\"property\":[\"externalId\"]}}", "exists.property", "container properties only")]
        [InlineData("{\"containsAny\":{\"property\":[\"space\"],\"values\":[\"a\"]}}", "containsAny.property", "container properties only")]
        [InlineData("{\"containsAll\":{\"property\":[\"externalId\"],\"values\":[\"a\"]}}", "containsAll.property", "container properties only")]
        [InlineData("{\"in\":{\"property\":[\"s\",\"c\",\"p\"],\"values\":[]}}", "in.values", "1 to 100")]
        [InlineData("{\"in\":{\"property\":[\"s\",\"c\",\"p\"],\"values\":[1,null]}}", "in.values[1]", "null")]
        [InlineData("{\"in\":{\"property\":[\"s\",\"c\",\"p\"],\"values\":[[1]]}}", "in.values[0]", "list")]
        [InlineData("{\"in\":{\"property\":[\"s\",\"c\",\"p\"],\"values\":null}}", "in.values", "got null")]
        [InlineData("{\"and\":[]}", "and", "empty")]
        [InlineData("{\"or\":5}", "or", "the number 5")]
        [InlineData("{\"not\":[{\"matchAll\":{}}]}", "not", "one filter object")]
        [InlineData("{\"not\":null}", "not", "one filter object")]
        [InlineData("{\"matchAll\":{\"x\":1}}", "matchAll", "empty object")]
        [InlineData("{\"matchAll\":true}", "matchAll", "empty object")]
        [InlineData("{\"hasData\":[]}", "hasData", "1 to 10")]
        [InlineData("{\"hasData\":[{\"type\":\"view\",\"space\":\"s\",\"externalId\":\"c\"}]}", "hasData[0].type", "must be 'container'")]
        [InlineData("{\"hasData\":[{\"type\":\"container\",\"space\":\"s\"}]}", "hasData[0].externalId", "needs 'externalId'")]
        [InlineData("{\"hasData\":[{\"space\":\"s\",\"externalId\":\"c\",\"version\":\"1\"}]}", "hasData[0].version", "unknown key")]
        [InlineData("{\"hasData\":[\"s/c/p\"]}", "hasData[0]", "'space/container'")]
        [InlineData("[{\"matchAll\":{}}]", "", "expected a filter object")]
        [InlineData("{\"equals\":", "", "not valid JSON")]
        [InlineData("{\"and\":[{\"matchAll\":{}},\"{oops\"]}", "and[1]", "not valid JSON")]
        public void EveryRuleIsCheckedAndNamesThePart(string json, string path, string fragment)
        {
            var e = Invalid(json);
            Assert.Equal(path, e.FilterPath ?? "");
            Assert.Contains(fragment, e.Message);
            if (path.Length > 0) Assert.Contains("'" + path + "'", e.Message);
        }

        [Fact]
        public void NullAndOtherShapesAreRefused()
        {
            Assert.Contains("cannot be empty", Invalid(null).Message);
            Assert.Contains("the number 42", Invalid(42).Message);
            Assert.Contains("object keys are strings", Invalid(new Hashtable { [1] = H() }).Message);
        }

        [Fact]
        public void ValueCountsStopAt100()
        {
            object[] Values(int n) => Enumerable.Range(0, n).Cast<object>().ToArray();
            foreach (var op in new[] { "in", "containsAny", "containsAll" })
            {
                Assert.Equal(100, ((PropertyFilter)FilterParser.Parse(H(op, H("property", "s/c/p", "values", Values(100))))).Values!.Count);
                var e = Invalid(H(op, H("property", "s/c/p", "values", Values(101))));
                Assert.Equal(op + ".values", e.FilterPath);
                Assert.Contains("got 101", e.Message);
            }
        }

        [Fact]
        public void BooleanChildrenStopAt99()
        {
            object[] All(int n) => Enumerable.Range(0, n).Select(_ => (object)H("matchAll", H())).ToArray();
            Assert.Equal(100, FilterParser.Parse(H("or", All(99))).NodeCount);
            var e = Invalid(H("or", All(100)));
            Assert.Equal("or", e.FilterPath);
            Assert.Contains("at most 99", e.Message);
        }

        [Fact]
        public void HasDataStopsAt10Containers()
        {
            object[] Containers(int n) => Enumerable.Range(0, n).Select(i => (object)("s/c" + i)).ToArray();
            Assert.Equal(10, ((HasDataFilter)FilterParser.Parse(H("hasData", Containers(10)))).Containers.Count);
            Assert.Contains("got 11", Invalid(H("hasData", Containers(11))).Message);
        }

        [Fact]
        public void NodesStopAt100()
        {
            // and[ or[49 leaves], or[49 leaves] ] = 1 + 2 + 98 = 101; one fewer leaf is 100.
            object Or(int n) => H("or", Enumerable.Range(0, n).Select(_ => (object)H("exists", H("property", "s/c/p"))).ToArray());
            Assert.Equal(100, FilterParser.Parse(H("and", new[] { Or(49), Or(48) })).NodeCount);
            var e = Invalid(H("and", new[] { Or(49), Or(49) }));
            Assert.Contains("101 nodes", e.Message);
            Assert.Contains("at most 100", e.Message);
        }

        [Fact]
        public void NodesAreCountedAcrossPrebuiltParts()
        {
            var part = FilterParser.Parse(H("or", Enumerable.Range(0, 60).Select(_ => (object)H("matchAll", H())).ToArray())); // 61 nodes
            Assert.Contains("123 nodes", Invalid(H("and", new object[] { part, part })).Message);
        }

        [Fact]
        public void DepthStopsAt10()
        {
            object Nest(int depth)
            {
                object f = H("matchAll", H());
                for (int i = 1; i < depth; i++) f = H("not", f);
                return f;
            }
            Assert.Equal(10, FilterParser.Parse(Nest(10)).Depth);
            var e = Invalid(Nest(11));
            Assert.Contains("deeper than 10", e.Message);
            Assert.Equal("not.not.not.not.not.not.not.not.not.not", e.FilterPath);

            // A prebuilt part counts with its own depth.
            var nine = FilterParser.Parse(Nest(9));
            Assert.Equal(10, FilterParser.Parse(H("and", new object[] { nine })).Depth);
            Assert.Contains("deeper than 10", Invalid(H("and", new object[] { H("and", new object[] { nine }) })).Message);
        }

        [Fact]
        public void PrefixStopsAt500Characters()
        {
            Assert.Equal(new string('a', 500), ((PropertyFilter)FilterParser.Parse(H("prefix", H("property", "externalId", "value", new string('a', 500))))).Value!.Text);
            var e = Invalid(H("prefix", H("property", "externalId", "value", new string('a', 501))));
            Assert.Equal("prefix.value", e.FilterPath);
            Assert.Contains("it has 501", e.Message);
        }

        [Fact]
        public void ValueSizesAreChecked()
        {
            Assert.NotNull(FilterParser.Parse(H("equals", H("property", "s/c/p", "value", new string('x', 128 * 1024)))));
            Assert.Contains("128 KB", Invalid(H("equals", H("property", "s/c/p", "value", new string('x', 128 * 1024 + 1)))).Message);

            var keys = new Hashtable();
            for (int i = 0; i < 257; i++) keys["k" + i] = i;
            Assert.Contains("at most 256 keys", Invalid(H("equals", H("property", "s/c/p", "value", keys))).Message);
            Assert.Contains("at most 128 characters", Invalid(H("equals", H("property", "s/c/p", "value", H(new string('k', 129), 1)))).Message);
            Assert.Contains("40960 bytes", Invalid(H("equals", H("property", "s/c/p", "value", H("a", new string('x', 41000))))).Message);
            Assert.Contains("finite", Invalid(H("equals", H("property", "s/c/p", "value", double.NaN))).Message);
            Assert.Contains("System.Guid", Invalid(H("equals", H("property", "s/c/p", "value", Guid.Empty))).Message);
        }

        [Fact]
        public void PropertyReferencesParseAlone()
        {
            Assert.Equal(new[] { "s", "c", "p" }, FilterParser.ParseProperty("s/c/p").Path);
            Assert.True(FilterParser.ParseProperty("lastupdatedtime").IsEpochTime);
            Assert.Equal("lastUpdatedTime", FilterParser.ParseProperty(new[] { "lastUpdatedTime" }).ToString());
            Assert.Throws<FilterValidationException>(() => FilterParser.ParseProperty("temperature"));
        }
    }
}
