using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Linq;
using System.Text.Json;
using CogniteRecords.Core.Models;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Core.Tests
{
    /// <summary>Input values (CSV text and .NET values) into the JSON each container property type takes.</summary>
    public class RecordsConversionTests
    {
        private static string Convert(object? value, string type, bool list = false, string? separator = null)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                RecordValueConverter.Write(w, value, new PropertyType(type, list), separator);
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        private static string Refused(object? value, string type, bool list = false) =>
            Assert.Throws<RecordValueException>(() => Convert(value, type, list)).Message;

        [Theory]
        [InlineData("42", "int64", "42")]
        [InlineData(" -7 ", "int64", "-7")]
        [InlineData("12.0", "int64", "12")]
        [InlineData("9223372036854775807", "int64", "9223372036854775807")]
        [InlineData("2147483647", "int32", "2147483647")]
        [InlineData("1.5", "float64", "1.5")]
        [InlineData("1e3", "float64", "1000")]
        [InlineData("-0.25", "float32", "-0.25")]
        [InlineData("true", "boolean", "true")]
        [InlineData("FALSE", "boolean", "false")]
        [InlineData("1", "boolean", "true")]
        [InlineData("0", "boolean", "false")]
        [InlineData("hello, \"world\"", "text", "\"hello, \\u0022world\\u0022\"")]
        [InlineData("2024-05-01T12:00:00Z", "timestamp", "\"2024-05-01T12:00:00.000Z\"")]
        [InlineData("2024-05-01T12:00:00.123+02:00", "timestamp", "\"2024-05-01T10:00:00.123Z\"")]
        [InlineData("2024-05-01T12:00:00", "timestamp", "\"2024-05-01T12:00:00.000Z\"")]
        [InlineData("1714564800000", "timestamp", "\"2024-05-01T12:00:00.000Z\"")]
        [InlineData("2024-02-29", "date", "\"2024-02-29\"")]
        [InlineData("{\"b\":1,\"a\":[true]}", "json", "{\"b\":1,\"a\":[true]}")]
        [InlineData("{\"space\":\"s\",\"externalId\":\"x\"}", "direct", "{\"space\":\"s\",\"externalId\":\"x\"}")]
        public void Text_becomes_the_property_type(string text, string type, string json)
        {
            Assert.Equal(json, Convert(text, type));
        }

        [Fact]
        public void Dotnet_values_become_the_property_type()
        {
            Assert.Equal("5", Convert(5, "int64"));
            Assert.Equal("5", Convert(5.0, "int32"));
            Assert.Equal("0.5", Convert(0.5m, "float64"));
            Assert.Equal("true", Convert(true, "boolean"));
            Assert.Equal("\"12.5\"", Convert(12.5, "text"));
            Assert.Equal("\"2024-01-02T03:04:05.006Z\"", Convert(new DateTimeOffset(2024, 1, 2, 4, 4, 5, 6, TimeSpan.FromHours(1)), "timestamp"));
            Assert.Equal("\"2024-01-02T03:04:05.000Z\"", Convert(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), "timestamp"));
            Assert.Equal("\"2024-01-02\"", Convert(new DateTime(2024, 1, 2), "date"));
            Assert.Equal("\"2024-01-01T00:00:01.000Z\"", Convert(1704067201000L, "timestamp"));
            Assert.Equal("{\"k\":1}", Convert(new Hashtable { ["k"] = 1 }, "json"));
            Assert.Equal("{\"space\":\"s\",\"externalId\":\"x\"}", Convert(new Hashtable { ["Space"] = "s", ["ExternalId"] = "x" }, "direct"));
            Assert.Equal("[1,2]", Convert(new object[] { 1, "2" }, "int64", list: true));
            Assert.Equal("null", Convert(null, "int64"));
        }

        [Fact]
        public void A_timestamp_keeps_milliseconds_and_drops_finer_ticks()
        {
            Assert.Equal("\"2024-01-01T00:00:00.123Z\"", Convert("2024-01-01T00:00:00.1239Z", "timestamp"));
        }

        [Fact]
        public void Lists_come_from_JSON_arrays_or_a_separator_and_each_item_is_converted()
        {
            Assert.Equal("[\"a\",\"b\"]", Convert("[\"a\",\"b\"]", "text", list: true));
            Assert.Equal("[1,2,3]", Convert("[1, \"2\", 3.0]", "int64", list: true));
            Assert.Equal("[\"a\",\"b c\"]", Convert("a;b c", "text", list: true, separator: ";"));
            Assert.Equal("[1.5,2]", Convert("1.5|2", "float64", list: true, separator: "|"));
            Assert.Equal("[\"2024-01-01T00:00:00.000Z\"]", Convert("[\"2024-01-01T00:00:00Z\"]", "timestamp", list: true));
            Assert.Equal("[{\"space\":\"s\",\"externalId\":\"x\"}]", Convert("[{\"space\":\"s\",\"externalId\":\"x\"}]", "direct", list: true));
            Assert.Equal("[\"only\"]", Convert(new List<object?> { "only" }, "text", list: true));
        }

        [Theory]
        [InlineData("abc", "int64", "'abc' is not an integer (int64)")]
        [InlineData("1.5", "int64", "'1.5' is not an integer (int64)")]
        [InlineData("2147483648", "int32", "out of the int32 range")]
        [InlineData("1,5", "float64", "decimal separator")]
        [InlineData("NaN", "float64", "not a finite number")]
        [InlineData("1e39", "float32", "out of the float32 range")]
        [InlineData("yes", "boolean", "is not a boolean")]
        [InlineData("tomorrow", "timestamp", "is not a timestamp")]
        [InlineData("2024-13-01", "date", "is not a date")]
        [InlineData("[1,2]", "json", "is not a JSON object")]
        [InlineData("{not json", "json", "is not JSON")]
        [InlineData("{\"space\":\"s\"}", "direct", "is not a direct relation")]
        public void Bad_values_are_refused_with_the_reason(string text, string type, string reason)
        {
            Assert.Contains(reason, Refused(text, type));
        }

        [Fact]
        public void Bad_lists_are_refused_naming_the_item()
        {
            Assert.Contains("pass -ListSeparator", Refused("a,b", "text", list: true));
            Assert.Contains("item 2 of the list", Refused("[1,\"x\"]", "int64", list: true));
            Assert.Contains("lists cannot hold nulls", Refused("[1,null]", "int64", list: true));
            var many = "[" + string.Join(",", new string[1001].Select((_, i) => i.ToString())) + "]";
            Assert.Contains("more than 1000 items", Refused(many, "int64", list: true));
            var relations = "[" + string.Join(",", Enumerable.Repeat("{\"space\":\"s\",\"externalId\":\"x\"}", 101)) + "]";
            Assert.Contains("more than 100 items", Refused(relations, "direct", list: true));
        }

        [Fact]
        public void Empty_text_and_null_count_as_no_value()
        {
            Assert.True(RecordValueConverter.IsEmpty(null));
            Assert.True(RecordValueConverter.IsEmpty(""));
            Assert.True(RecordValueConverter.IsEmpty(DBNull.Value));
            Assert.False(RecordValueConverter.IsEmpty(" "));
            Assert.False(RecordValueConverter.IsEmpty(0));
        }
    }
}
