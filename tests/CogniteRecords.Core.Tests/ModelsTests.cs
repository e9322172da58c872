using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using CogniteRecords.Core.Json;
using CogniteRecords.Core.Models;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Core.Tests
{
    /// <summary>Spaces and containers in the engine: type proposals from values, enum values, and the request bodies.</summary>
    public class ModelsTests
    {
        private static PropertyType Propose(params object?[] values)
        {
            var column = new PropertyTypeInference("c");
            foreach (var v in values) column.Observe(v);
            return column.Result;
        }

        [Theory]
        [InlineData("int64", "1", "-20", "+3", "0")]
        [InlineData("float64", "1", "2.5", "-2e3", ".5")]
        [InlineData("float64", "9223372036854775808")]
        [InlineData("boolean", "true", "FALSE", "True")]
        [InlineData("date", "2024-05-01", "2024-02-29")]
        [InlineData("timestamp", "2024-05-01T10:00:00Z", "2024-05-01T10:00:00.250+02:00", "2024-05-01 10:00", "2024-05-01T10:00:00")]
        [InlineData("timestamp", "2024-05-01", "2024-05-01T10:00:00Z")]
        [InlineData("text", "007")]
        [InlineData("text", "1", "007")]
        [InlineData("text", "2023-02-29")]
        [InlineData("text", "1", "true")]
        [InlineData("text", "2024-05-01", "5")]
        [InlineData("text", "NaN")]
        [InlineData("text", "Infinity")]
        [InlineData("text", "1,5")]
        [InlineData("text", "abc")]
        public void Text_values_propose_the_narrowest_type_they_all_fit(string expected, params string[] values)
        {
            Assert.Equal(expected, Propose(values).Type);
        }

        [Fact]
        public void Empty_cells_make_a_property_nullable_and_only_empty_cells_make_nullable_text()
        {
            var t = Propose("1", "", "  ", null, "2");
            Assert.Equal("int64", t.Type);
            Assert.True(t.Nullable);
            Assert.False(Propose("1", "2").Nullable);
            var empty = Propose("", null);
            Assert.Equal("text", empty.Type);
            Assert.True(empty.Nullable);
        }

        [Fact]
        public void Dotnet_values_keep_their_type_and_lists_become_lists()
        {
            Assert.Equal("int64", Propose(1, 2L, (short)3).Type);
            Assert.Equal("float64", Propose(1, 2.5).Type);
            Assert.Equal("float64", Propose(1.5m).Type);
            Assert.Equal("boolean", Propose(true, "false").Type);
            Assert.Equal("timestamp", Propose(DateTime.UtcNow, DateTimeOffset.UtcNow, "2024-01-01").Type);
            Assert.Equal("json", Propose(new Dictionary<string, object> { ["k"] = 1 }).Type);
            Assert.Equal("text", Propose(new Dictionary<string, object> { ["k"] = 1 }, "x").Type);
            Assert.Equal("text", Propose(1, "x").Type);
            Assert.Equal("text", Propose(double.NaN).Type);
            var list = Propose(new[] { "1", "2" }, new object[] { 3 });
            Assert.Equal("int64", list.Type);
            Assert.True(list.List);
            Assert.Equal("json", Propose(new[] { "a" }, "b").Type);
        }

        [Fact]
        public void Columns_are_proposed_in_first_seen_order_and_a_column_missing_from_a_row_is_nullable()
        {
            var rows = new List<IReadOnlyList<KeyValuePair<string, object?>>>
            {
                new[] { Cell("a", "1"), Cell("b", "x") },
                new[] { Cell("a", "2"), Cell("c", "2024-01-01") },
                new[] { Cell("a", "3"), Cell("b", "y"), Cell("c", "2024-01-02") },
            };
            var columns = PropertyTypeInference.Propose(rows);
            Assert.Equal(new[] { "a", "b", "c" }, columns.Select(c => c.Name));
            Assert.Equal(new[] { "int64", "text", "date" }, columns.Select(c => c.Result.Type));
            Assert.Equal(new[] { false, true, true }, columns.Select(c => c.Result.Nullable));
        }

        private static KeyValuePair<string, object?> Cell(string name, object? value) => new KeyValuePair<string, object?>(name, value);

        private static string Write(object? value, PropertyType type)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream)) RecordValueConverter.Write(w, value, type, null);
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        private static PropertyType Enum(string? unknown = null) =>
            new PropertyType("enum", false) { EnumValues = new[] { "open", "closed", "unknown" }, UnknownValue = unknown };

        [Fact]
        public void An_enum_value_is_written_as_text_when_it_is_one_of_the_values()
        {
            Assert.Equal("\"open\"", Write("open", Enum()));
            Assert.Equal("\"closed\"", Write(" closed ", Enum()));
            Assert.Equal("\"closed\"", Write(JsonDocument.Parse("\"closed\"").RootElement, Enum()));
            Assert.Equal("null", Write(null, Enum()));
        }

        [Fact]
        public void An_enum_refuses_other_values_naming_the_value_and_the_allowed_ones()
        {
            var e = Assert.Throws<RecordValueException>(() => Write("ajar", Enum()));
            Assert.Contains("'ajar' is not a value of the enum (open, closed, unknown)", e.Message);
            Assert.Contains("did you mean 'open'", Assert.Throws<RecordValueException>(() => Write("OPEN", Enum())).Message);
            Assert.Contains("not a value of the enum", Assert.Throws<RecordValueException>(() => Write(1, Enum())).Message);
            Assert.Contains("unknownValue", Assert.Throws<RecordValueException>(() => Write("unknown", Enum("unknown"))).Message);
        }

        [Fact]
        public void An_enum_is_parsed_from_a_container_with_its_values_in_order()
        {
            var doc = JsonDocument.Parse("""
                {"items":[{"space":"s","externalId":"c","properties":{
                  "state":{"nullable":false,"type":{"type":"enum","values":{"b":{},"a":{"name":"A"}},"unknownValue":"b"}},
                  "n":{"type":{"type":"int64","list":true},"name":"N"}}}]}
                """);
            var c = Assert.Single(ContainersApi.Parse(doc.RootElement));
            var state = c.Properties[0].Value;
            Assert.Equal("enum", state.Type);
            Assert.Equal(new[] { "b", "a" }, state.EnumValues);
            Assert.Equal("b", state.UnknownValue);
            Assert.False(state.Nullable);
            Assert.Null(c.Properties[1].Value.EnumValues);
            Assert.Equal("N", c.Properties[1].Value.Name);
        }

        [Fact]
        public void The_container_body_writes_enums_with_values_and_other_types_with_list()
        {
            var props = new List<KeyValuePair<string, PropertyType>>
            {
                new KeyValuePair<string, PropertyType>("state", new PropertyType("enum", false) { EnumValues = new[] { "on", "off" }, Nullable = false }),
                new KeyValuePair<string, PropertyType>("tags", new PropertyType("text", true) { Description = "d" }),
            };
            var c = new ContainerDefinition("s", "c", props) { Name = "C" };
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(buffer)) ApiJson.WriteContainers(w, new[] { c });
            Assert.Equal(
                "{\"items\":[{\"space\":\"s\",\"externalId\":\"c\",\"name\":\"C\",\"usedFor\":\"record\",\"properties\":{" +
                "\"state\":{\"type\":{\"type\":\"enum\",\"values\":{\"on\":{},\"off\":{}}},\"nullable\":false}," +
                "\"tags\":{\"type\":{\"type\":\"text\",\"list\":true},\"nullable\":true,\"description\":\"d\"}}}]}",
                Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }
}
