using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using CogniteRecords.Core.Models;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Streams;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Core.Tests
{
    /// <summary>Rows into record items; filter windows; sort keys; comparing a record read back with what was sent.</summary>
    public class RecordsMappingTests
    {
        private static ContainerDefinition Container(string space, string id, params (string Name, string Type, bool List, bool Nullable)[] props) =>
            new ContainerDefinition(space, id, props.Select(p => new KeyValuePair<string, PropertyType>(p.Name, new PropertyType(p.Type, p.List) { Nullable = p.Nullable })).ToList());

        private static readonly ContainerDefinition Sensors = Container("s", "sensor",
            ("name", "text", false, true), ("temperature", "float64", false, true), ("tags", "text", true, true), ("Status", "text", false, true));
        private static readonly ContainerDefinition Other = Container("s", "other", ("name", "text", false, true), ("level", "int64", false, false));

        private static IReadOnlyList<KeyValuePair<string, object?>> Row(params (string, object?)[] columns) =>
            columns.Select(c => new KeyValuePair<string, object?>(c.Item1, c.Item2)).ToList();

        private static string Json(PendingRecord r) => Encoding.UTF8.GetString(r.Json);

        [Fact]
        public void Columns_map_to_properties_by_name_and_record_fields_are_taken_from_their_columns()
        {
            var map = new RecordMapping(new[] { Sensors }, null, null, false, null);
            var r = map.Map(3, Row(("space", "s"), ("externalId", "a/1"), ("Temperature", "21.5"), ("name", "pump"), ("CreatedTime", "x"), ("LastUpdatedTime", "y"), ("tags", "")))!;
            Assert.Equal(3, r.Row);
            Assert.Equal(new RecordKey("s", "a/1"), r.Key);
            Assert.Equal("{\"space\":\"s\",\"externalId\":\"a/1\",\"sources\":[{\"source\":{\"type\":\"container\",\"space\":\"s\",\"externalId\":\"sensor\"},\"properties\":{\"temperature\":21.5,\"name\":\"pump\"}}]}", Json(r));
        }

        [Fact]
        public void The_Status_column_of_sync_output_is_skipped_and_a_tombstone_gives_no_record_unless_a_property_has_that_exact_name()
        {
            var plain = new RecordMapping(new[] { Other }, null, "s", false, null);
            Assert.Null(plain.Map(1, Row(("ExternalId", "x"), ("Status", "deleted"), ("level", ""))));
            Assert.Contains("\"level\":5", Json(plain.Map(2, Row(("ExternalId", "x"), ("Status", "updated"), ("level", "5")))!));

            // 'Status' is a property of the sensor container: then it is a column like any other.
            var withStatus = new RecordMapping(new[] { Sensors }, null, "s", false, null);
            Assert.Contains("\"Status\":\"deleted\"", Json(withStatus.Map(1, Row(("ExternalId", "x"), ("Status", "deleted")))!));
        }

        [Fact]
        public void Qualified_columns_of_sync_output_map_back_to_their_property()
        {
            // Sync-CdfRecord names a property 'status' 'reading.status' (it clashes with the record's Status), and
            // 'plant.reading.name' at the next level: copying its output must find them.
            var reading = Container("plant", "reading", ("status", "text", false, true), ("name", "text", false, true));
            var map = new RecordMapping(new[] { reading, Other }, null, "plant", false, null);
            var r = map.Map(1, Row(("ExternalId", "p1"), ("Status", "created"), ("reading.status", "new"), ("plant.reading.name", "pump"), ("level", "2")))!;
            Assert.Contains("\"properties\":{\"status\":\"new\",\"name\":\"pump\"}", Json(r));
            Assert.Equal("UnknownColumn", Assert.Throws<RecordMappingException>(() => map.Map(2, Row(("ExternalId", "p2"), ("nosuch.status", "x")))).ErrorId);
        }

        [Fact]
        public void An_explicit_map_renames_columns_targets_record_fields_and_skips()
        {
            var map = new RecordMapping(new[] { Sensors, Other }, new Dictionary<string, string?> { ["id"] = "externalId", ["label"] = "other/name", ["junk"] = null, ["t"] = "s/sensor/temperature" }, "s", false, null);
            var json = Json(map.Map(1, Row(("ID", "r1"), ("label", "L"), ("junk", "zzz"), ("t", "1"), ("level", "2")))!);
            Assert.Equal("{\"space\":\"s\",\"externalId\":\"r1\",\"sources\":[{\"source\":{\"type\":\"container\",\"space\":\"s\",\"externalId\":\"sensor\"},\"properties\":{\"temperature\":1}},{\"source\":{\"type\":\"container\",\"space\":\"s\",\"externalId\":\"other\"},\"properties\":{\"name\":\"L\",\"level\":2}}]}", json);
        }

        [Fact]
        public void Unknown_and_ambiguous_columns_stop_the_mapping_unless_ignored()
        {
            var map = new RecordMapping(new[] { Sensors }, null, "s", false, null);
            var e = Assert.Throws<RecordMappingException>(() => map.Map(1, Row(("ExternalId", "x"), ("colour", "red"))));
            Assert.Equal("UnknownColumn", e.ErrorId);
            Assert.Contains("-IgnoreUnknownColumn", e.Message);
            Assert.Contains("temperature", e.Message);

            var ignoring = new RecordMapping(new[] { Sensors }, null, "s", true, null);
            Assert.Contains("\"properties\":{}", Json(ignoring.Map(1, Row(("ExternalId", "x"), ("colour", "red")))!));

            var both = new RecordMapping(new[] { Sensors, Other }, null, "s", false, null);
            Assert.Equal("AmbiguousColumn", Assert.Throws<RecordMappingException>(() => both.Map(1, Row(("ExternalId", "x"), ("name", "n"), ("level", "1")))).ErrorId);
            Assert.Equal("InvalidPropertyMapping", Assert.Throws<RecordMappingException>(() => new RecordMapping(new[] { Sensors }, new Dictionary<string, string?> { ["a"] = "nope" }, "s", false, null)).ErrorId);
        }

        [Fact]
        public void Bad_rows_name_the_row_and_the_column()
        {
            var map = new RecordMapping(new[] { Sensors, Other }, null, null, false, null);
            var bad = Assert.Throws<RecordRowException>(() => map.Map(7, Row(("Space", "s"), ("ExternalId", "x"), ("temperature", "hot"), ("level", "1"))));
            Assert.Equal("InvalidRecordValue", bad.ErrorId);
            Assert.Equal("temperature", bad.Column);
            Assert.StartsWith("Row 7 (externalId 'x'), column 'temperature'", bad.Message);
            Assert.Equal("MissingSpace", Assert.Throws<RecordRowException>(() => map.Map(1, Row(("ExternalId", "x")))).ErrorId);
            Assert.Equal("MissingExternalId", Assert.Throws<RecordRowException>(() => map.Map(2, Row(("Space", "s"), ("level", "1")))).ErrorId);
            var required = Assert.Throws<RecordRowException>(() => map.Map(3, Row(("Space", "s"), ("ExternalId", "x"), ("temperature", "1"))));
            Assert.Equal("MissingRequiredValue", required.ErrorId);
            Assert.Contains("'level'", required.Message);
            // The mapping goes on after a bad row.
            Assert.NotNull(map.Map(4, Row(("Space", "s"), ("ExternalId", "y"), ("level", "1"))));
        }

        [Fact]
        public void A_long_range_on_an_immutable_stream_is_cut_into_windows_no_longer_than_maxFilteringInterval()
        {
            var day = (long)TimeSpan.FromDays(1).TotalMilliseconds;
            var stream = new StreamInfo { ExternalId = "arch", Type = "Immutable", MaxFilteringInterval = "P7D" };
            var now = 100 * day;

            Assert.Equal("LowerBoundRequired", Assert.Throws<CdfArgumentException>(() => RecordQuery.PlanWindows(stream, null, null, now)).ErrorId);
            var closed = RecordQuery.PlanWindows(stream, 10 * day, 30 * day, now);
            Assert.Equal(new[] { (10 * day, 17 * day), (17 * day, 24 * day), (24 * day, 30 * day) }, closed.Select(w => (w.From!.Value, w.To!.Value)));
            Assert.Single(RecordQuery.PlanWindows(stream, 10 * day, 17 * day, now));

            var open = RecordQuery.PlanWindows(stream, 80 * day, null, now);
            Assert.Null(open[^1].To);
            Assert.Equal(80 * day, open[0].From);
            for (var i = 1; i < open.Count; i++) Assert.Equal(open[i - 1].To, open[i].From);
            // The open window must still fit when the request arrives a few minutes later.
            Assert.True(now + (long)TimeSpan.FromMinutes(4).TotalMilliseconds - open[^1].From!.Value <= 7 * day);
            Assert.All(open.Take(open.Count - 1), w => Assert.True(w.To - w.From <= 7 * day));

            var mutable = new StreamInfo { ExternalId = "live", Type = "Mutable" };
            Assert.Equal(new UpdatedWindow(null, null), Assert.Single(RecordQuery.PlanWindows(mutable, null, null, now)));
        }

        [Fact]
        public void Durations_and_sort_keys_are_read()
        {
            Assert.Equal(TimeSpan.FromDays(365), StreamsApi.ParseDuration("P1Y"));
            Assert.Equal(TimeSpan.FromDays(42), StreamsApi.ParseDuration("P42D"));
            Assert.Null(StreamsApi.ParseDuration("soon"));
            var s = RecordSort.Parse("sp/c/temp:desc");
            Assert.Equal(new[] { "sp", "c", "temp" }, s.Property);
            Assert.True(s.Descending);
            Assert.Equal(new[] { "lastUpdatedTime" }, RecordSort.Parse("LastUpdatedTime").Property);
            Assert.False(RecordSort.Parse("externalId asc").Descending);
            Assert.Equal("InvalidSort", Assert.Throws<CdfArgumentException>(() => RecordSort.Parse("status")).ErrorId);
            Assert.Throws<CdfArgumentException>(() => RecordSort.Parse("a/b"));
        }

        [Fact]
        public void A_record_read_back_equals_what_was_sent_by_type_not_by_text()
        {
            var sent = Encoding.UTF8.GetBytes("{\"space\":\"s\",\"externalId\":\"x\",\"sources\":[{\"source\":{\"type\":\"container\",\"space\":\"s\",\"externalId\":\"c\"},\"properties\":{\"at\":\"2024-01-01T10:00:00.000Z\",\"x\":1.5,\"doc\":{\"a\":1,\"b\":[2]},\"tags\":[\"a\"]}}]}");
            PropertyType? TypeOf(string space, string container, string p) => p switch
            {
                "at" => new PropertyType("timestamp", false),
                "x" => new PropertyType("float32", false),
                "doc" => new PropertyType("json", false),
                "tags" => new PropertyType("text", true),
                _ => null,
            };
            JsonElement Back(string props) => JsonDocument.Parse("{\"space\":\"s\",\"externalId\":\"x\",\"properties\":{\"s\":{\"c\":" + props + "}}}").RootElement;

            Assert.True(RecordComparer.SameValues(sent, Back("{\"at\":\"2024-01-01T11:00:00+01:00\",\"x\":1.5,\"doc\":{\"b\":[2],\"a\":1},\"tags\":[\"a\"],\"empty\":null}"), TypeOf));
            Assert.False(RecordComparer.SameValues(sent, Back("{\"at\":\"2024-01-01T10:00:00.001Z\",\"x\":1.5,\"doc\":{\"a\":1,\"b\":[2]},\"tags\":[\"a\"]}"), TypeOf));
            Assert.False(RecordComparer.SameValues(sent, Back("{\"at\":\"2024-01-01T10:00:00Z\",\"x\":1.5,\"doc\":{\"a\":1,\"b\":[2]},\"tags\":[\"a\",\"b\"]}"), TypeOf));
            Assert.False(RecordComparer.SameValues(sent, Back("{\"at\":\"2024-01-01T10:00:00Z\",\"x\":1.5,\"doc\":{\"a\":1,\"b\":[2]},\"tags\":[\"a\"],\"extra\":1}"), TypeOf));
            Assert.False(RecordComparer.SameValues(sent, Back("{\"at\":\"2024-01-01T10:00:00Z\",\"doc\":{\"a\":1,\"b\":[2]},\"tags\":[\"a\"]}"), TypeOf));
        }
    }
}
