using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Models;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Core.Tests
{
    /// <summary>The streaming page reader, fed through streams that hand out a few bytes at a time.</summary>
    public class SyncPageReaderTests
    {
        /// <summary>A stream that returns at most <c>chunk</c> bytes per read, as a slow network does.</summary>
        private sealed class TrickleStream : Stream
        {
            private readonly byte[] _data; private readonly int _chunk; private int _pos;
            public TrickleStream(byte[] data, int chunk) { _data = data; _chunk = chunk; }
            public override int Read(byte[] buffer, int offset, int count)
            {
                var n = Math.Min(Math.Min(count, _chunk), _data.Length - _pos);
                Buffer.BlockCopy(_data, _pos, buffer, offset, n); _pos += n; return n;
            }
            public override bool CanRead => true; public override bool CanSeek => false; public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException(); public override long Position { get => _pos; set => throw new NotSupportedException(); }
            public override void Flush() { } public override long Seek(long o, SeekOrigin s) => throw new NotSupportedException();
            public override void SetLength(long v) => throw new NotSupportedException(); public override void Write(byte[] b, int o, int c) => throw new NotSupportedException();
        }

        private static RecordColumns Columns() => RecordColumns.Build(
            new[] { new SourceSelection("sp", "c1", new[] { "*" }) },
            new[] { new ContainerDefinition("sp", "c1", new List<KeyValuePair<string, PropertyType>>
            {
                new("temperature", new PropertyType("float64", false)),
                new("count", new PropertyType("int64", false)),
                new("tags", new PropertyType("text", true)),
                new("meta", new PropertyType("json", false)),
                new("when", new PropertyType("timestamp", false)),
                new("day", new PropertyType("date", false)),
                new("ok", new PropertyType("boolean", false)),
                new("note", new PropertyType("text", false)),
            }) });

        private static string Item(int i, string status = "created") => status == "deleted"
            ? $"{{\"space\":\"sp\",\"externalId\":\"r{i}\",\"createdTime\":{1000 + i},\"lastUpdatedTime\":{2000 + i},\"status\":\"deleted\"}}"
            : $"{{\"space\":\"sp\",\"externalId\":\"r{i}\",\"createdTime\":{1000 + i},\"lastUpdatedTime\":{2000 + i},\"status\":\"{status}\"," +
              $"\"properties\":{{\"sp\":{{\"c1\":{{\"note\":\"caf\\u00e9 {i} \\\"q\\\"\",\"temperature\":{i}.5,\"count\":{9_000_000_000L + i},\"tags\":[\"a\",\"b{i}\"]," +
              $"\"meta\":{{\"k\":{i},\"nested\":[1,{{\"x\":null}}]}},\"when\":\"2024-07-10T12:00:00.123Z\",\"day\":\"2024-07-10\",\"ok\":true}}}}}}}}";

        private static byte[] Page(IEnumerable<string> items, string cursor = "c-next", bool hasNext = true, string prefix = "") =>
            Encoding.UTF8.GetBytes("{" + prefix + "\"items\":[" + string.Join(",", items) + "],\"nextCursor\":\"" + cursor + "\",\"hasNext\":" + (hasNext ? "true" : "false") + "}");

        [Theory]
        [InlineData(1)]
        [InlineData(7)]
        [InlineData(4096)]
        [InlineData(1 << 20)]
        public async Task Reads_every_item_whatever_the_chunking(int chunk)
        {
            var body = Page(Enumerable.Range(0, 300).Select(i => Item(i, i % 10 == 9 ? "deleted" : "created")), "cur-300", false, "\"extra\":{\"ignored\":[1,2]},");
            var reader = new SyncPageReader(Columns(), JsonValueFactory.Default);
            var (items, next, hasNext, bytes) = await reader.ReadAsync(new TrickleStream(body, chunk), CancellationToken.None);

            Assert.Equal(300, items.Count);
            Assert.Equal("cur-300", next);
            Assert.False(hasNext);
            Assert.Equal(body.Length, bytes);
            var r5 = items[5];
            Assert.Equal("r5", r5.ExternalId);
            Assert.Equal(1005, r5.CreatedTime);
            Assert.Equal(2005, r5.LastUpdatedTime);
            Assert.Equal("created", r5.Status);
            var v = r5.Values!;
            Assert.Equal(5.5, v[0]);
            Assert.Equal(9_000_000_005L, v[1]);
            Assert.Equal(new object[] { "a", "b5" }, (object?[])v[2]!);
            var meta = (Dictionary<string, object?>)v[3]!;
            Assert.Equal(5L, meta["k"]);
            Assert.Equal(new DateTimeOffset(2024, 7, 10, 12, 0, 0, 123, TimeSpan.Zero), v[4]);
            Assert.Equal(new DateTime(2024, 7, 10), v[5]);
            Assert.Equal(true, v[6]);
            Assert.Equal("café 5 \"q\"", v[7]);
            var tomb = items[9];
            Assert.True(tomb.IsDeleted);
            Assert.All(tomb.Values!, x => Assert.Null(x));
        }

        [Theory]
        [InlineData("2024-02-29", "2024-02-29")]
        [InlineData("0001-01-01", "0001-01-01")]
        [InlineData("9999-12-31", "9999-12-31")]
        [InlineData("2024\\u002d07\\u002d10", "2024-07-10")]   // escaped: the general path still reads it
        [InlineData("2023-02-29", null)]                       // no such day: kept as the text it was
        [InlineData("2024-13-01", null)]
        [InlineData("0000-01-01", null)]
        [InlineData("2024-00-10", null)]
        [InlineData("2024-07-1x", null)]
        [InlineData("2024/07/10", null)]
        [InlineData("2024-07-10T00:00:00", null)]
        public async Task A_date_property_is_a_DateTime_when_it_is_a_real_day_and_text_otherwise(string json, string? expected)
        {
            var item = "{\"space\":\"sp\",\"externalId\":\"d\",\"createdTime\":1,\"lastUpdatedTime\":2,\"status\":\"created\",\"properties\":{\"sp\":{\"c1\":{\"day\":\"" + json + "\"}}}}";
            var (items, _, _, _) = await new SyncPageReader(Columns(), JsonValueFactory.Default).ReadAsync(new MemoryStream(Page(new[] { item })), CancellationToken.None);
            var value = items[0].Values![5];
            if (expected == null)
            {
                Assert.Equal(json, value);
            }
            else
            {
                var date = Assert.IsType<DateTime>(value);
                Assert.Equal(DateTime.ParseExact(expected, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), date);
                Assert.Equal(DateTimeKind.Unspecified, date.Kind);
            }
        }

        [Fact]
        public async Task An_item_larger_than_the_buffer_is_read_whole()
        {
            var big = new string('x', 300_000);
            var item = "{\"space\":\"sp\",\"externalId\":\"big\",\"createdTime\":1,\"lastUpdatedTime\":2,\"status\":\"updated\",\"properties\":{\"sp\":{\"c1\":{\"note\":\"" + big + "\"}}}}";
            var body = Page(new[] { Item(1), item, Item(2) });
            var (items, _, hasNext, _) = await new SyncPageReader(Columns(), JsonValueFactory.Default).ReadAsync(new TrickleStream(body, 65536), CancellationToken.None);
            Assert.Equal(3, items.Count);
            Assert.Equal(big, items[1].Values![7]);
            Assert.Equal("updated", items[1].Status);
            Assert.True(hasNext);
        }

        [Theory]
        [InlineData(10)]
        [InlineData(500)]
        public async Task A_truncated_body_is_a_JsonException(int cut)
        {
            var body = Page(Enumerable.Range(0, 5).Select(i => Item(i)));
            var truncated = body.Take(body.Length - cut).ToArray();
            await Assert.ThrowsAnyAsync<JsonException>(() => new SyncPageReader(Columns(), JsonValueFactory.Default).ReadAsync(new TrickleStream(truncated, 64), CancellationToken.None));
        }

        [Fact]
        public async Task A_body_without_nextCursor_is_refused()
        {
            var body = Encoding.UTF8.GetBytes("{\"items\":[],\"hasNext\":false}");
            await Assert.ThrowsAnyAsync<JsonException>(() => new SyncPageReader(Columns(), JsonValueFactory.Default).ReadAsync(new MemoryStream(body), CancellationToken.None));
        }

        [Theory]
        [InlineData(true, 1)]
        [InlineData(true, 4096)]
        [InlineData(false, 1)]
        [InlineData(false, 4096)]
        public async Task Spaces_and_member_names_are_shared_only_when_equal(bool flat, int chunk)
        {
            // The reader hands out the last space and the last member name at each position again when the next one is
            // equal: spaces and names that differ (escaped or not, longer, shorter, at a position past the kept ones)
            // must still come out exactly as sent.
            var longObject = "{" + string.Join(",", Enumerable.Range(0, 40).Select(k => $"\"m{k}\":{k}")) + "}";
            string ItemIn(string space, int i, string meta) =>
                $"{{\"space\":\"{space}\",\"externalId\":\"r{i}\",\"createdTime\":1,\"lastUpdatedTime\":2,\"status\":\"created\"," +
                $"\"properties\":{{\"sp\":{{\"c1\":{{\"meta\":{meta}}}}}}}}}";
            var metas = new[]
            {
                "{\"n\":0,\"tag\":\"t0\"}", "{\"n\":1,\"tag\":\"t1\"}", "{\"tag\":\"t2\",\"n\":2}", "{\"\\u006e\":3,\"ta\":\"t3\"}",
                "{\"n\":4,\"tagg\":{\"n\":\"inner\",\"tag\":[\"x\"]}}", longObject, "{\"m0\":0,\"m17\":17}", "{}", "{\"n\":8,\"tag\":\"t8\"}",
            };
            var spaces = new[] { "sp", "sp", "other", "\\u0073p", "sp", "s", "spp", "sp", "sp" };
            var body = Page(Enumerable.Range(0, metas.Length).Select(i => ItemIn(spaces[i], i, metas[i])));
            var (items, _, _, _) = await new SyncPageReader(flat ? Columns() : null, JsonValueFactory.Default).ReadAsync(new TrickleStream(body, chunk), CancellationToken.None);

            Assert.Equal(new[] { "sp", "sp", "other", "sp", "sp", "s", "spp", "sp", "sp" }, items.Select(x => x.Space));
            Assert.Same(items[0].Space, items[1].Space);
            Assert.Same(items[7].Space, items[8].Space);
            var seen = items.Select(x => flat
                ? (Dictionary<string, object?>)x.Values![3]!
                : (Dictionary<string, object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)x.Properties!)["sp"]!)["c1"]!)["meta"]!).ToList();
            string Names(Dictionary<string, object?> d) => string.Join(",", d.Keys);
            Assert.Equal("n,tag", Names(seen[0]));
            Assert.Equal("n,tag", Names(seen[1]));
            Assert.Same(seen[0].Keys.First(), seen[1].Keys.First());
            Assert.Equal("tag,n", Names(seen[2]));
            Assert.Equal("n,ta", Names(seen[3]));
            Assert.Equal(3L, seen[3]["n"]);
            Assert.Equal("n,tagg", Names(seen[4]));
            var inner = (Dictionary<string, object?>)seen[4]["tagg"]!;
            Assert.Equal("n,tag", Names(inner));
            Assert.Equal("inner", inner["n"]);
            Assert.Equal(string.Join(",", Enumerable.Range(0, 40).Select(k => "m" + k)), Names(seen[5]));
            Assert.Equal(39L, seen[5]["m39"]);
            Assert.Equal("m0,m17", Names(seen[6]));
            Assert.Empty(seen[7]);
            Assert.Equal("n,tag", Names(seen[8]));
            Assert.Equal("t8", seen[8]["tag"]);
        }

        [Fact]
        public async Task Raw_mode_keeps_the_nested_shape()
        {
            var body = Page(new[] { Item(3) });
            var (items, _, _, _) = await new SyncPageReader(null, JsonValueFactory.Default).ReadAsync(new MemoryStream(body), CancellationToken.None);
            var props = (Dictionary<string, object?>)items[0].Properties!;
            var c1 = (Dictionary<string, object?>)((Dictionary<string, object?>)props["sp"]!)["c1"]!;
            Assert.Equal(3.5, c1["temperature"]);
            Assert.Equal("2024-07-10T12:00:00.123Z", c1["when"]);
            Assert.Null(items[0].Values);
        }

        [Fact]
        public async Task Values_of_an_unexpected_JSON_kind_are_kept_by_their_JSON_kind()
        {
            var item = "{\"space\":\"sp\",\"externalId\":\"odd\",\"createdTime\":1,\"lastUpdatedTime\":2,\"status\":\"created\",\"properties\":{\"sp\":{\"c1\":{\"count\":\"not a number\",\"temperature\":{\"a\":1},\"unknown\":5},\"other\":{\"x\":1}},\"sp2\":{\"c1\":{\"note\":\"wrong space\"}}}}";
            var (items, _, _, _) = await new SyncPageReader(Columns(), JsonValueFactory.Default).ReadAsync(new MemoryStream(Page(new[] { item })), CancellationToken.None);
            var v = items[0].Values!;
            Assert.Equal("not a number", v[1]);
            Assert.IsType<Dictionary<string, object?>>(v[0]);
            Assert.Null(v[7]); // 'note' of another space is not this column's
        }

        /// <summary>Hands out the first <c>split</c> bytes in one read, then the rest.</summary>
        private sealed class SplitStream : Stream
        {
            private readonly byte[] _data; private readonly int _split; private int _pos;
            public SplitStream(byte[] data, int split) { _data = data; _split = split; }
            public override int Read(byte[] buffer, int offset, int count)
            {
                var end = _pos < _split ? _split : _data.Length;
                var n = Math.Min(count, end - _pos);
                Buffer.BlockCopy(_data, _pos, buffer, offset, n); _pos += n; return n;
            }
            public override bool CanRead => true; public override bool CanSeek => false; public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException(); public override long Position { get => _pos; set => throw new NotSupportedException(); }
            public override void Flush() { } public override long Seek(long o, SeekOrigin s) => throw new NotSupportedException();
            public override void SetLength(long v) => throw new NotSupportedException(); public override void Write(byte[] b, int o, int c) => throw new NotSupportedException();
        }

        // Items that reach every kind of value the reader builds or skips: lists, nested json, escapes, numbers,
        // an unknown container and space, an unknown top-level field, a tombstone.
        private static byte[] MixedPage() => Page(new[]
        {
            Item(1),
            "{\"space\":\"sp\",\"externalId\":\"x\\\"y\",\"createdTime\":12345678901,\"lastUpdatedTime\":2,\"status\":\"updated\",\"extraField\":{\"a\":[1,{\"b\":\"c\"}]}," +
                "\"properties\":{\"sp\":{\"c1\":{\"count\":-17,\"tags\":[],\"meta\":{\"deep\":{\"deeper\":[[1.25e3,false,null]]}},\"note\":null},\"other\":{\"z\":[1,2,3]}},\"sp2\":{\"c1\":{\"note\":\"n\"}}}}",
            Item(2, "deleted"),
            Item(3),
        }, "cur-end", true, "\"before\":[{\"k\":1}],");

        private static string Describe(object? value) => value switch
        {
            null => "null",
            string s => "\"" + s + "\"",
            Dictionary<string, object?> d => "{" + string.Join(",", d.Select(kv => kv.Key + ":" + Describe(kv.Value))) + "}",
            object?[] a => "[" + string.Join(",", a.Select(Describe)) + "]",
            DateTimeOffset t => t.ToString("o"),
            DateTime t => t.ToString("o"),
            double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            _ => value.GetType().Name + ":" + Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
        };

        private static string Describe(SyncItem item) =>
            $"{item.Space}|{item.ExternalId}|{item.CreatedTime}|{item.LastUpdatedTime}|{item.Status}|{Describe(item.Values)}|{Describe(item.Properties)}";

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_page_split_at_any_byte_reads_the_same_as_the_whole_page(bool flat)
        {
            var body = MixedPage();
            var whole = await new SyncPageReader(flat ? Columns() : null, JsonValueFactory.Default).ReadAsync(new MemoryStream(body), CancellationToken.None);
            Assert.Equal(4, whole.Items.Count);
            var expected = whole.Items.Select(Describe).ToList();
            Assert.Contains(expected, d => d.Contains("12345678901"));   // the odd item was read, not skipped

            // One reader for every split, as the engine reuses one reader for every page.
            var reader = new SyncPageReader(flat ? Columns() : null, JsonValueFactory.Default);
            for (var split = 1; split < body.Length; split++)
            {
                var (items, next, hasNext, bytes) = await reader.ReadAsync(new SplitStream(body, split), CancellationToken.None);
                Assert.Equal(expected, items.Select(Describe).ToList());
                Assert.Equal("cur-end", next);
                Assert.True(hasNext);
                Assert.Equal(body.Length, bytes);
            }
        }

        [Fact]
        public async Task Properties_of_a_wide_container_are_matched_in_any_order()
        {
            // More than eight columns: out-of-order names go through the container's name lookup.
            var names = Enumerable.Range(0, 12).Select(i => "p" + i).ToArray();
            var columns = RecordColumns.Build(
                new[] { new SourceSelection("sp", "wide", new[] { "*" }) },
                new[] { new ContainerDefinition("sp", "wide", names.Select(n => new KeyValuePair<string, PropertyType>(n, new PropertyType("int64", false))).ToList()) });
            var properties = string.Join(",", names.Reverse().Select(n => $"\"{n}\":{n.Substring(1)}").Prepend("\"unknown\":[1]"));
            var item = "{\"space\":\"sp\",\"externalId\":\"w\",\"createdTime\":1,\"lastUpdatedTime\":2,\"status\":\"created\",\"properties\":{\"sp\":{\"wide\":{" + properties + "}}}}";
            var (items, _, _, _) = await new SyncPageReader(columns, JsonValueFactory.Default).ReadAsync(new TrickleStream(Page(new[] { item, item }), 5), CancellationToken.None);
            Assert.Equal(2, items.Count);
            foreach (var read in items)
                for (var i = 0; i < names.Length; i++)
                    Assert.Equal((long)i, read.Values![columns.Columns.Single(c => c.Property == names[i]).Ordinal]);
        }
    }
}
