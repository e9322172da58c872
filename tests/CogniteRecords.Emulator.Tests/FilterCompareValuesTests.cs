using System;
using System.Linq;
using System.Text.Json;
using CogniteRecords.Emulator.Filtering;
using static CogniteRecords.Emulator.Tests.FilterTest;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>The order used by range and by the filter endpoint's sort.</summary>
    public class FilterCompareValuesTests
    {
        private static int Cmp(string a, string b, string? type) =>
            RecordFilterEvaluator.CompareValues(Json(a), Json(b), type);

        [Theory]
        [InlineData("1", "1.0", "int64", 0)]
        [InlineData("1", "1.0", null, 0)]
        [InlineData("2", "1.5", "float64", 1)]
        [InlineData("-1", "0", "int32", -1)]
        [InlineData("9007199254740993", "9007199254740992", "int64", 1)]
        [InlineData("1e300", "9223372036854775807", "float64", 1)]
        [InlineData("\"a\"", "\"b\"", "text", -1)]
        [InlineData("\"B\"", "\"a\"", "text", -1)]
        [InlineData("\"a\"", "\"ab\"", "text", -1)]
        [InlineData("\"a\\u0062\"", "\"ab\"", "text", 0)]
        [InlineData("\"\\uffff\"", "\"😀\"", "text", -1)]
        [InlineData("\"2024-01-01T01:00:00+01:00\"", "\"2024-01-01T00:00:00Z\"", "timestamp", 0)]
        [InlineData("\"2024-01-01T00:00:00Z\"", "\"2023-12-31T23:59:59.999Z\"", "timestamp", 1)]
        [InlineData("\"2024-01-01T00:00:00+05:00\"", "\"2023-12-31T20:00:00Z\"", "timestamp", -1)]
        [InlineData("1704067200000", "\"2024-01-01T00:00:00Z\"", "timestamp", 0)]
        [InlineData("\"2024-01-01T00:00:00Z\"", "\"garbage\"", "timestamp", -1)]
        [InlineData("\"2024-02-29\"", "\"2024-02-28\"", "date", 1)]
        [InlineData("\"2024-02-29\"", "\"2024-02-29\"", "date", 0)]
        [InlineData("false", "true", "boolean", -1)]
        [InlineData("true", "true", "boolean", 0)]
        [InlineData("{\"space\": \"a\", \"externalId\": \"z\"}", "{\"space\": \"b\", \"externalId\": \"a\"}", "direct", -1)]
        [InlineData("{\"space\": \"a\", \"externalId\": \"b\"}", "{\"externalId\": \"a\", \"space\": \"a\"}", "direct", 1)]
        [InlineData("{\"externalId\": \"x\", \"space\": \"a\"}", "{\"space\": \"a\", \"externalId\": \"x\"}", "direct", 0)]
        [InlineData("[1, 2]", "[1, 3]", "int64", -1)]
        [InlineData("[1]", "[1, 0]", "int64", -1)]
        [InlineData("[1, 2.0]", "[1.0, 2]", "int64", 0)]
        [InlineData("[\"2024-01-01T00:00:00Z\"]", "[\"2024-01-01T01:00:00+01:00\"]", "timestamp", 0)]
        // Without a type, or across kinds: booleans < numbers < strings < objects < arrays.
        [InlineData("true", "0", null, -1)]
        [InlineData("5", "\"1\"", null, -1)]
        [InlineData("\"z\"", "{}", null, -1)]
        [InlineData("{\"a\": 1}", "[0]", null, -1)]
        [InlineData("\"x\"", "1", "int64", 1)]
        public void OrdersByType(string a, string b, string? type, int expected)
        {
            Assert.Equal(expected, Cmp(a, b, type));
            Assert.Equal(-expected, Cmp(b, a, type));
        }

        [Theory]
        [InlineData("text")]
        [InlineData("int64")]
        [InlineData("timestamp")]
        [InlineData(null)]
        public void NullsAndMissingValuesSortLast(string? type)
        {
            JsonElement missing = default;
            JsonElement nul = Json("null");
            JsonElement value = type == "int64" ? Json("-99") : Json("\"2024-01-01T00:00:00Z\"");
            Assert.Equal(1, RecordFilterEvaluator.CompareValues(missing, value, type));
            Assert.Equal(1, RecordFilterEvaluator.CompareValues(nul, value, type));
            Assert.Equal(-1, RecordFilterEvaluator.CompareValues(value, missing, type));
            Assert.Equal(-1, RecordFilterEvaluator.CompareValues(value, nul, type));
            Assert.Equal(0, RecordFilterEvaluator.CompareValues(nul, missing, type));
            Assert.Equal(0, RecordFilterEvaluator.CompareValues(missing, missing, type));
        }

        [Fact]
        public void SortsAMixOfTimestampsAscendingWithMissingLast()
        {
            string[] values =
            {
                "\"2024-01-01T00:00:00.500Z\"", "null", "\"2024-01-01T00:00:00Z\"", "1704067199000",
                "\"2024-01-01T02:00:00+03:00\"",
            };
            JsonElement[] sorted = values.Select(Json).OrderBy(v => v, Comparer("timestamp")).ToArray();
            Assert.Equal(
                new[] { "\"2024-01-01T02:00:00+03:00\"", "1704067199000", "\"2024-01-01T00:00:00Z\"", "\"2024-01-01T00:00:00.500Z\"", "null" },
                sorted.Select(v => v.GetRawText()));
        }

        private static System.Collections.Generic.IComparer<JsonElement> Comparer(string? type) =>
            System.Collections.Generic.Comparer<JsonElement>.Create((x, y) => RecordFilterEvaluator.CompareValues(x, y, type));

        [Theory]
        [InlineData(null)]
        [InlineData("text")]
        [InlineData("int64")]
        [InlineData("float64")]
        [InlineData("timestamp")]
        [InlineData("date")]
        [InlineData("boolean")]
        [InlineData("direct")]
        [InlineData("json")]
        public void IsATotalOrderOverMixedValues(string? type)
        {
            // Every kind of value under every type: the order must be reflexive, antisymmetric and transitive,
            // or sorting misbehaves.
            JsonElement[] values = new[]
            {
                "null", "true", "false", "0", "1", "1.0", "-2.5", "1e300", "9223372036854775807", "\"\"", "\"a\"", "\"B\"",
                "\"😀\"", "\"\\uffff\"", "\"2024-01-01T00:00:00Z\"", "\"2024-01-01T01:00:00+01:00\"", "\"2023-06-01\"",
                "\"2024-02-29\"", "{\"space\": \"a\", \"externalId\": \"b\"}", "{\"externalId\": \"b\", \"space\": \"a\"}",
                "{\"space\": \"a\"}", "{}", "[]", "[1]", "[1, 2]", "[\"a\"]", "[null]",
            }.Select(Json).Append(default).ToArray();

            int[,] c = new int[values.Length, values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                for (int j = 0; j < values.Length; j++)
                {
                    c[i, j] = Math.Sign(RecordFilterEvaluator.CompareValues(values[i], values[j], type));
                }
            }

            for (int i = 0; i < values.Length; i++)
            {
                Assert.Equal(0, c[i, i]);
                for (int j = 0; j < values.Length; j++)
                {
                    Assert.True(c[i, j] == -c[j, i], $"antisymmetry: {Show(values[i])} vs {Show(values[j])}");
                    for (int k = 0; k < values.Length; k++)
                    {
                        if (c[i, j] <= 0 && c[j, k] <= 0)
                        {
                            Assert.True(c[i, k] <= 0, $"transitivity: {Show(values[i])} <= {Show(values[j])} <= {Show(values[k])}");
                        }
                    }
                }
            }
        }

        private static string Show(JsonElement e) => e.ValueKind == JsonValueKind.Undefined ? "(missing)" : e.GetRawText();

        [Theory]
        [InlineData("\"2024-01-01T00:00:00.123Z\"", 1704067200123)]
        [InlineData("\"2024-01-01T01:00:00+01:00\"", 1704067200000)]
        [InlineData("1704067200000", 1704067200000)]
        [InlineData("\"1969-12-31T23:59:59.999Z\"", -1)]
        public void ReadsEpochMilliseconds(string json, long expected)
        {
            Assert.True(RecordFilterEvaluator.TryReadEpochMilliseconds(Json(json), out long ms));
            Assert.Equal(expected, ms);
        }

        [Theory]
        [InlineData("\"yesterday\"")]
        [InlineData("\"2024-01-01T00:00:00.1234Z\"")]
        [InlineData("true")]
        public void RefusesOtherTimes(string json)
        {
            Assert.False(RecordFilterEvaluator.TryReadEpochMilliseconds(Json(json), out _));
        }
    }
}
