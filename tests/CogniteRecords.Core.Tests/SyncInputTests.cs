using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using CogniteRecords.Core.Json;
using CogniteRecords.Core.Models;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Core.Tests
{
    /// <summary>Input checks made before any request, and the column naming rules.</summary>
    public class SyncInputTests
    {
        [Theory]
        [InlineData("my-stream", true)]
        [InlineData("a", true)]
        [InlineData("a_b-c9", true)]
        [InlineData("", false)]
        [InlineData("My-stream", false)]
        [InlineData("9abc", false)]
        [InlineData("abc-", false)]
        [InlineData("cdf_x", false)]
        [InlineData("cognite_x", false)]
        [InlineData("logs", false)]
        [InlineData("records", false)]
        public void Stream_ids_follow_the_API_pattern(string id, bool valid)
        {
            Assert.Equal(valid, Identifiers.CheckStreamId(id) == null);
        }

        [Fact]
        public void A_stream_id_over_100_characters_is_refused()
        {
            Assert.Null(Identifiers.CheckStreamId("a" + new string('b', 99)));
            Assert.NotNull(Identifiers.CheckStreamId("a" + new string('b', 100)));
        }

        [Theory]
        [InlineData("2d-ago", true)]
        [InlineData("30m-ago", true)]
        [InlineData("400h-ago", true)]
        [InlineData("2w-ago", false)]
        [InlineData("2d", false)]
        [InlineData("d-ago", false)]
        [InlineData("-2d-ago", false)]
        [InlineData("10s-ago", false)]
        public void InitializeCursor_shape(string value, bool valid) => Assert.Equal(valid, InitializeCursor.Check(value) == null);

        [Fact]
        public void TimeSpans_become_the_largest_whole_unit_rounding_minutes_up()
        {
            Assert.Equal("2d-ago", InitializeCursor.FromTimeSpan(TimeSpan.FromDays(2)));
            Assert.Equal("36h-ago", InitializeCursor.FromTimeSpan(TimeSpan.FromHours(36)));
            Assert.Equal("90m-ago", InitializeCursor.FromTimeSpan(TimeSpan.FromMinutes(90)));
            Assert.Equal("2m-ago", InitializeCursor.FromTimeSpan(TimeSpan.FromSeconds(61)));
            Assert.Equal("0m-ago", InitializeCursor.FromTimeSpan(TimeSpan.Zero));
            Assert.Throws<ArgumentOutOfRangeException>(() => InitializeCursor.FromTimeSpan(TimeSpan.FromMinutes(-1)));
        }

        [Fact]
        public void Sources_merge_per_container_and_keep_order()
        {
            var s = SourceParser.Parse(new object?[] { "sp/b/x", "sp/a", "sp/b/y", "sp/b/x", new Hashtable { ["Space"] = "sp", ["Container"] = "c", ["Properties"] = new object[] { "p", "q" } } });
            Assert.Equal(new[] { "sp/b/x,y", "sp/a", "sp/c/p,q" }, s.Select(x => x.ToString()));
            Assert.True(s[1].AllProperties);
        }

        [Fact]
        public void Canonical_sources_do_not_depend_on_order()
        {
            var a = SourceParser.Parse(new object?[] { "sp/b/x", "sp/a", "sp/b/y" });
            var b = SourceParser.Parse(new object?[] { "sp/a", "sp/b/y", "sp/b/x" });
            Assert.Equal(SourceParser.Canonical(a), SourceParser.Canonical(b));
            Assert.NotEqual(SourceParser.Canonical(a), SourceParser.Canonical(SourceParser.Parse(new object?[] { "sp/a", "sp/b/x" })));
        }

        [Theory]
        [InlineData("sp")]
        [InlineData("sp/c/p/q")]
        [InlineData("1sp/c")]
        [InlineData("sp/c-x")]
        [InlineData("sp/c/externalId")]
        [InlineData("sp/c/bad prop")]
        public void Bad_sources_are_refused(string source)
        {
            var e = Assert.Throws<CdfArgumentException>(() => SourceParser.Parse(new object?[] { source }));
            Assert.Equal("InvalidSource", e.ErrorId);
        }

        [Fact]
        public void More_than_ten_containers_are_refused()
        {
            var e = Assert.Throws<CdfArgumentException>(() => SourceParser.Parse(Enumerable.Range(0, 11).Select(i => (object?)$"sp/c{i}")));
            Assert.Equal("TooManySources", e.ErrorId);
            Assert.Equal(10, SourceParser.Parse(Enumerable.Range(0, 10).Select(i => (object?)$"sp/c{i}")).Count);
        }

        [Fact]
        public void A_request_without_any_cursor_is_refused_before_sending()
        {
            var e = Assert.Throws<CdfArgumentException>(() => new SyncRequest("s").Validate());
            Assert.Equal("NoCursor", e.ErrorId);
            Assert.Contains("-InitializeCursor", e.Message);
            new SyncRequest("s") { Cursor = "abc" }.Validate();
            Assert.Equal("InvalidPageSize", Assert.Throws<CdfArgumentException>(() => new SyncRequest("s") { Cursor = "x", PageSize = 1001 }.Validate()).ErrorId);
            Assert.Equal("InvalidPageSize", Assert.Throws<CdfArgumentException>(() => new SyncRequest("s") { Cursor = "x", PageSize = 0 }.Validate()).ErrorId);
        }

        [Fact]
        public void Clashing_property_names_are_qualified_deterministically()
        {
            var names = RecordColumns.Resolve(new List<(string, string, string)>
            {
                ("sp", "a", "temperature"), ("sp", "a", "status"), ("sp", "a", "x"), ("sp", "b", "X"), ("sp2", "a", "x"), ("sp", "b", "only"),
            });
            Assert.Equal(new[] { "temperature", "a.status", "sp.a.x", "b.X", "sp2.a.x", "only" }, names);
        }

        [Fact]
        public void Missing_containers_and_properties_are_named()
        {
            var defs = new[] { new ContainerDefinition("sp", "a", new List<KeyValuePair<string, PropertyType>> { new("p", new PropertyType("text", false)) }) };
            Assert.Equal("ContainerNotFound", Assert.Throws<SourceNotFoundException>(() => RecordColumns.Build(SourceParser.Parse(new object?[] { "sp/b" }), defs)).ErrorId);
            var e = Assert.Throws<SourceNotFoundException>(() => RecordColumns.Build(SourceParser.Parse(new object?[] { "sp/a/q" }), defs));
            Assert.Equal("PropertyNotFound", e.ErrorId);
            Assert.Contains("'q'", e.Message);
        }

        [Fact]
        public void Compact_json_of_nested_values()
        {
            var value = new Dictionary<string, object?> { ["a"] = new object?[] { 1L, "x\"y", null, true }, ["t"] = new DateTimeOffset(2024, 1, 2, 3, 4, 5, 6, TimeSpan.Zero), ["d"] = new DateTime(2024, 1, 2), ["f"] = 1.5 };
            Assert.Equal("{\"a\":[1,\"x\\\"y\",null,true],\"t\":\"2024-01-02T03:04:05.006Z\",\"d\":\"2024-01-02\",\"f\":1.5}", CompactJson.Serialize(value));
        }
    }
}
