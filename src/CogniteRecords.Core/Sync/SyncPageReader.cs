using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Core.Sync
{
    /// <summary>
    /// Reads one sync response from the network stream as it arrives, with a <see cref="Utf8JsonReader"/> over a
    /// pooled buffer: never the whole body as one string or document. Each item is turned into a compact
    /// <see cref="SyncItem"/> in one pass over its tokens; when the buffer ends inside an item, what was built is
    /// dropped and the item is read again from its start once more bytes are in. A body that ends early or is not valid JSON
    /// throws <see cref="JsonException"/> (the HTTP pipeline retries it as a dropped connection).
    /// </summary>
    internal sealed class SyncPageReader
    {
        private const int InitialBuffer = 64 * 1024;
        private static readonly JsonReaderOptions ReaderOptions = new JsonReaderOptions { MaxDepth = 256 };

        // Booleans boxed once: a page holds thousands of them.
        private static readonly object BoxedTrue = true;
        private static readonly object BoxedFalse = false;

        // Lists reused while reading nested values (the factory copies what it keeps).
        private readonly Stack<List<object?>> _lists = new Stack<List<object?>>();
        private readonly Stack<List<KeyValuePair<string, object?>>> _members = new Stack<List<KeyValuePair<string, object?>>>();

        private readonly RecordColumns? _columns;
        private readonly JsonValueFactory _factory;
        private readonly bool _requireCursor;

        private enum Phase { Start, Top, Items, Done }

        private Phase _phase;
        private List<SyncItem> _items = new List<SyncItem>();
        private string? _nextCursor;
        private bool? _hasNext;
        private bool _sawItems;

        /// <param name="columns">The flat columns, or null for raw mode (properties kept in the API's nested shape).</param>
        /// <param name="requireCursor">False for the filter endpoint's answer, which is the same items without a cursor.</param>
        public SyncPageReader(RecordColumns? columns, JsonValueFactory factory, bool requireCursor = true)
        {
            _columns = columns;
            _factory = factory;
            _requireCursor = requireCursor;
        }

        public async Task<SyncPageBody> ReadAsync(Stream stream, CancellationToken ct)
        {
            _phase = Phase.Start;
            _items = new List<SyncItem>();
            _nextCursor = null;
            _hasNext = null;
            _sawItems = false;

            var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
            var filled = 0;
            long total = 0;
            var eof = false;
            var state = new JsonReaderState(ReaderOptions);
            try
            {
                while (_phase != Phase.Done)
                {
                    if (filled == buffer.Length)
                    {
                        // One item larger than the buffer: grow it.
                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, bigger, 0, filled);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                    var n = await stream.ReadAsync(buffer, filled, buffer.Length - filled, ct).ConfigureAwait(false);
                    if (n == 0) eof = true;
                    filled += n;
                    total += n;

                    // Never a final block: at the end of the bytes the reader says "need more" and the check below tells
                    // a body cut short (retried like a dropped connection) from one that is invalid.
                    var consumed = Process(new ReadOnlySpan<byte>(buffer, 0, filled), false, ref state);
                    if (_phase == Phase.Done) break;
                    if (eof) throw new TruncatedJsonException($"The sync response ended after {total} bytes, in the middle of the JSON.");
                    if (consumed > 0)
                    {
                        Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                        filled -= consumed;
                    }
                }
                // Drain what is left (normally nothing) so the connection can be reused.
                while (!eof && await stream.ReadAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false) is var m && m > 0) total += m;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            // A page without "items" is not an empty page: taking it as one would move the cursor past records never seen.
            if (!_sawItems) throw new JsonException("The response has no 'items'.");
            if (!_requireCursor) return new SyncPageBody(_items, _nextCursor ?? "", _hasNext ?? false, total);
            if (_nextCursor == null) throw new JsonException("The sync response has no 'nextCursor'.");
            if (_hasNext == null) throw new JsonException("The sync response has no 'hasNext'.");
            return new SyncPageBody(_items, _nextCursor, _hasNext.Value, total);
        }

        /// <summary>Reads as many whole units as the data holds; returns the bytes fully used.</summary>
        [MethodImpl(Hot.Optimize)]
        private int Process(ReadOnlySpan<byte> data, bool final, ref JsonReaderState state)
        {
            var reader = new Utf8JsonReader(data, final, state);
            long checkpoint = 0;
            var checkpointState = state;
            while (_phase != Phase.Done)
            {
                if (!reader.Read()) break;
                switch (_phase)
                {
                    case Phase.Start:
                        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("The sync response is not a JSON object.");
                        _phase = Phase.Top;
                        break;
                    case Phase.Top:
                        if (reader.TokenType == JsonTokenType.EndObject) { _phase = Phase.Done; break; }
                        if (reader.ValueTextEquals("items"u8))
                        {
                            if (!reader.Read()) goto needMore;
                            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("'items' is not an array.");
                            _sawItems = true;
                            _phase = Phase.Items;
                        }
                        else if (reader.ValueTextEquals("nextCursor"u8))
                        {
                            if (!reader.Read()) goto needMore;
                            _nextCursor = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new JsonException("'nextCursor' is not a string.");
                        }
                        else if (reader.ValueTextEquals("hasNext"u8))
                        {
                            if (!reader.Read()) goto needMore;
                            _hasNext = reader.TokenType switch
                            {
                                JsonTokenType.True => true,
                                JsonTokenType.False => false,
                                _ => throw new JsonException("'hasNext' is not a boolean."),
                            };
                        }
                        else if (!reader.TrySkip()) goto needMore;
                        break;
                    case Phase.Items:
                        if (reader.TokenType == JsonTokenType.EndArray) { _phase = Phase.Top; break; }
                        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("An item of 'items' is not an object.");
                        // One pass over the item's tokens. When its bytes are not all in the buffer yet, what was built is
                        // dropped and the item is read again from its start once more bytes have arrived.
                        var item = ReadItem(ref reader);
                        if (item == null) goto needMore;
                        _items.Add(item);
                        break;
                }
                checkpoint = reader.BytesConsumed;
                checkpointState = reader.CurrentState;
            }
            if (_phase == Phase.Done)
            {
                state = reader.CurrentState;
                return (int)reader.BytesConsumed;
            }
        needMore:
            state = checkpointState;
            return (int)checkpoint;
        }

        // Returned by the value readers when the value's bytes run past the end of the buffer.
        private static readonly object Incomplete = new object();

        /// <summary>The item starting at the reader's StartObject, or null when its bytes are not all in the buffer.</summary>
        [MethodImpl(Hot.Optimize)]
        private SyncItem? ReadItem(ref Utf8JsonReader reader)
        {
            var item = new SyncItem();
            if (_columns != null && _columns.Columns.Count > 0) item.Values = new object?[_columns.Columns.Count];
            while (true)
            {
                if (!reader.Read()) return null;
                if (reader.TokenType == JsonTokenType.EndObject) return item;
                // The name is whole; its value may not be.
                if (reader.ValueTextEquals("space"u8)) { if (!reader.Read()) return null; item.Space = SpaceText(ref reader); }
                else if (reader.ValueTextEquals("externalId"u8)) { if (!reader.Read()) return null; item.ExternalId = reader.GetString() ?? ""; }
                else if (reader.ValueTextEquals("createdTime"u8)) { if (!reader.Read()) return null; item.CreatedTime = reader.GetInt64(); }
                else if (reader.ValueTextEquals("lastUpdatedTime"u8)) { if (!reader.Read()) return null; item.LastUpdatedTime = reader.GetInt64(); }
                else if (reader.ValueTextEquals("status"u8))
                {
                    if (!reader.Read()) return null;
                    item.Status = reader.ValueTextEquals("created"u8) ? SyncStatus.Created
                        : reader.ValueTextEquals("updated"u8) ? SyncStatus.Updated
                        : reader.ValueTextEquals("deleted"u8) ? SyncStatus.Deleted
                        : string.Intern(reader.GetString() ?? "");
                }
                else if (reader.ValueTextEquals("properties"u8))
                {
                    if (!reader.Read()) return null;
                    if (reader.TokenType == JsonTokenType.Null) continue;
                    if (_columns == null)
                    {
                        var properties = ReadAny(ref reader);
                        if (properties == Incomplete) return null;
                        item.Properties = properties;
                    }
                    else if (!ReadProperties(ref reader, item.Values)) return null;
                }
                else
                {
                    if (!reader.TrySkip()) return null;
                }
            }
        }

        /// <summary>space → container → property → value, into the column slots; false when the bytes run out.</summary>
        [MethodImpl(Hot.Optimize)]
        private bool ReadProperties(ref Utf8JsonReader reader, object?[]? values)
        {
            if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("'properties' is not an object.");
            var containers = _columns!.Containers;
            while (true)
            {
                if (!reader.Read()) return false;
                if (reader.TokenType == JsonTokenType.EndObject) return true;
                // Space level: remember which container groups are in this space.
                var spaceStart = reader;
                if (!reader.Read()) return false;
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    if (!reader.TrySkip()) return false;
                    continue;
                }
                while (true)
                {
                    if (!reader.Read()) return false;
                    if (reader.TokenType == JsonTokenType.EndObject) break;
                    ContainerColumns? group = null;
                    foreach (var c in containers)
                    {
                        if (reader.ValueTextEquals(c.ContainerUtf8) && spaceStart.ValueTextEquals(c.SpaceUtf8)) { group = c; break; }
                    }
                    if (!reader.Read()) return false;
                    if (group == null || values == null || reader.TokenType != JsonTokenType.StartObject)
                    {
                        if (!reader.TrySkip()) return false;
                        continue;
                    }
                    var hint = 0;
                    var cols = group.Columns;
                    while (true)
                    {
                        if (!reader.Read()) return false;
                        if (reader.TokenType == JsonTokenType.EndObject) break;
                        var index = -1;
                        // Properties mostly come in the same order as the columns: try the next one first.
                        if (hint < cols.Length && reader.ValueTextEquals(cols[hint].PropertyUtf8)) index = hint;
                        else if (cols.Length <= 8)
                        {
                            for (var i = 0; i < cols.Length; i++)
                                if (reader.ValueTextEquals(cols[i].PropertyUtf8)) { index = i; break; }
                        }
                        else if (group.ByName.TryGetValue(reader.GetString()!, out var named))
                        {
                            for (var i = 0; i < cols.Length; i++)
                                if (ReferenceEquals(cols[i], named)) { index = i; break; }
                        }
                        if (!reader.Read()) return false;
                        if (index < 0)
                        {
                            if (!reader.TrySkip()) return false;
                            continue;
                        }
                        hint = index + 1;
                        var column = cols[index];
                        var value = ReadTyped(ref reader, column);
                        if (value == Incomplete) return false;
                        values[column.Ordinal] = value;
                    }
                }
            }
        }

        /// <summary>A value in its column's type; <see cref="Incomplete"/> when the bytes run out.</summary>
        [MethodImpl(Hot.Optimize)]
        private object? ReadTyped(ref Utf8JsonReader reader, RecordColumn column)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (column.IsList && reader.TokenType == JsonTokenType.StartArray)
            {
                var list = RentList();
                while (true)
                {
                    if (!reader.Read()) return Incomplete;   // the list is dropped with the item
                    if (reader.TokenType == JsonTokenType.EndArray) break;
                    var element = ReadScalar(ref reader, column.Kind);
                    if (element == Incomplete) return Incomplete;
                    list.Add(element);
                }
                var made = _factory.CreateList(list);
                ReturnList(list);
                return made;
            }
            return ReadScalar(ref reader, column.Kind);
        }

        [MethodImpl(Hot.Optimize)]
        private object? ReadScalar(ref Utf8JsonReader reader, ValueKind kind)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.String:
                    switch (kind)
                    {
                        case ValueKind.Timestamp:
                            if (reader.TryGetDateTimeOffset(out var dto)) return dto.ToUniversalTime();
                            if (DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out dto)) return dto.ToUniversalTime();
                            return reader.GetString();
                        case ValueKind.Date:
                            if (TryReadDate(reader.ValueSpan, reader.ValueIsEscaped, out var day)) return day;
                            var text = reader.GetString()!;
                            if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
                            return text;
                        default:
                            return reader.GetString();
                    }
                case JsonTokenType.Number:
                    switch (kind)
                    {
                        case ValueKind.Float:
                            return reader.GetDouble();
                        case ValueKind.Int32:
                            if (reader.TryGetInt32(out var i32)) return i32;
                            break;
                        case ValueKind.Timestamp:
                            if (reader.TryGetInt64(out var ms)) return DateTimeOffset.FromUnixTimeMilliseconds(ms);
                            break;
                    }
                    if (reader.TryGetInt64(out var i64)) return i64;
                    return reader.GetDouble();
                case JsonTokenType.True:
                    return BoxedTrue;
                case JsonTokenType.False:
                    return BoxedFalse;
                default:
                    return ReadAny(ref reader);
            }
        }

        // A page's records mostly share their space, and the JSON objects in a column mostly share their member names:
        // the last text seen in a slot is kept with its UTF-8 bytes and handed out again when the next one is equal,
        // instead of a new string per record (strings are immutable, so sharing one changes nothing a user can see).
        // Member names are kept per nesting depth (four in turn) and position in the object: raw items nest space,
        // container and property objects, whose names would otherwise take each other's places. The last slot is the
        // item's space.
        private const int NamePositions = 16;
        private const int SpaceSlot = 4 * NamePositions;
        private readonly string?[] _texts = new string?[SpaceSlot + 1];
        private readonly byte[]?[] _textsUtf8 = new byte[]?[SpaceSlot + 1];

        [MethodImpl(Hot.Optimize)]
        private string SpaceText(ref Utf8JsonReader reader) =>
            reader.TokenType == JsonTokenType.String ? Shared(ref reader, SpaceSlot) : reader.GetString() ?? "";

        /// <summary>A member name of a JSON object value, shared with the last one at its depth and position.</summary>
        [MethodImpl(Hot.Optimize)]
        private string MemberName(ref Utf8JsonReader reader, int position) =>
            position < NamePositions ? Shared(ref reader, (reader.CurrentDepth & 3) * NamePositions + position) : reader.GetString()!;

        /// <summary>The string (or property name) at the reader: the one kept in <paramref name="slot"/> when equal, else a new one, kept.</summary>
        [MethodImpl(Hot.Optimize)]
        private string Shared(ref Utf8JsonReader reader, int slot)
        {
            var utf8 = _textsUtf8[slot];
            if (utf8 != null && reader.ValueTextEquals(utf8)) return _texts[slot]!;
            var text = reader.GetString()!;
            _texts[slot] = text;
            _textsUtf8[slot] = System.Text.Encoding.UTF8.GetBytes(text);
            return text;
        }

        private List<object?> RentList() => _lists.Count > 0 ? _lists.Pop() : new List<object?>();

        private void ReturnList(List<object?> list)
        {
            list.Clear();
            _lists.Push(list);
        }

        /// <summary>"yyyy-MM-dd" straight from the UTF-8 bytes (the common case; anything else goes the slow way).</summary>
        [MethodImpl(Hot.Optimize)]
        private static bool TryReadDate(ReadOnlySpan<byte> s, bool escaped, out DateTime date)
        {
            date = default;
            if (escaped || s.Length != 10 || s[4] != (byte)'-' || s[7] != (byte)'-') return false;
            int y = Digits(s.Slice(0, 4)), m = Digits(s.Slice(5, 2)), d = Digits(s.Slice(8, 2));
            if (y < 1 || m < 1 || m > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return false;
            date = new DateTime(y, m, d);
            return true;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Digits(ReadOnlySpan<byte> d)
        {
            var n = 0;
            foreach (var b in d)
            {
                if (b < (byte)'0' || b > (byte)'9') return -1;
                n = n * 10 + (b - '0');
            }
            return n;
        }

        /// <summary>Any JSON value by its JSON kind: objects and arrays through the factory; <see cref="Incomplete"/> when the bytes run out.</summary>
        [MethodImpl(Hot.Optimize)]
        private object? ReadAny(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    var members = _members.Count > 0 ? _members.Pop() : new List<KeyValuePair<string, object?>>();
                    while (true)
                    {
                        if (!reader.Read()) return Incomplete;   // the list is dropped with the item
                        if (reader.TokenType == JsonTokenType.EndObject) break;
                        var name = MemberName(ref reader, members.Count);
                        if (!reader.Read()) return Incomplete;
                        var member = ReadAny(ref reader);
                        if (member == Incomplete) return Incomplete;
                        members.Add(new KeyValuePair<string, object?>(name, member));
                    }
                    var obj = _factory.CreateObject(members);
                    members.Clear();
                    _members.Push(members);
                    return obj;
                case JsonTokenType.StartArray:
                    var items = RentList();
                    while (true)
                    {
                        if (!reader.Read()) return Incomplete;
                        if (reader.TokenType == JsonTokenType.EndArray) break;
                        var element = ReadAny(ref reader);
                        if (element == Incomplete) return Incomplete;
                        items.Add(element);
                    }
                    var array = _factory.CreateList(items);
                    ReturnList(items);
                    return array;
                case JsonTokenType.String:
                    return reader.GetString();
                case JsonTokenType.Number:
                    if (reader.TryGetInt64(out var l)) return l;
                    return reader.GetDouble();
                case JsonTokenType.True:
                    return BoxedTrue;
                case JsonTokenType.False:
                    return BoxedFalse;
                default:
                    return null;
            }
        }
    }
}
