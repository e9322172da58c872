using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using CogniteRecords.Emulator.Filtering;

namespace CogniteRecords.Emulator.Storage
{
    /// <summary>
    /// One immutable version of a record. Its JSON is serialized once, at write time (the head with the
    /// top-level fields and the properties object), so serving a page only copies bytes.
    /// </summary>
    public sealed class RecordVersion : IFilterableRecord
    {
        private static readonly byte[] StatusCreated = Encoding.UTF8.GetBytes(",\"status\":\"created\"");
        private static readonly byte[] StatusUpdated = Encoding.UTF8.GetBytes(",\"status\":\"updated\"");
        private static readonly byte[] StatusDeleted = Encoding.UTF8.GetBytes(",\"status\":\"deleted\"");
        internal static readonly byte[] PropertiesKey = Encoding.UTF8.GetBytes(",\"properties\":");

        public RecordVersion(string space, string externalId, long createdTime, long lastUpdatedTime, long seq,
            RecordStatus status, byte[]? properties, (string Space, string Container)[] containers)
        {
            Space = space;
            ExternalId = externalId;
            CreatedTime = createdTime;
            LastUpdatedTime = lastUpdatedTime;
            Seq = seq;
            Status = status;
            Properties = properties;
            Containers = containers;
            Head = BuildHead(space, externalId, createdTime, lastUpdatedTime);
        }

        public string Space { get; }
        public string ExternalId { get; }
        public long CreatedTime { get; }
        public long LastUpdatedTime { get; }
        /// <summary>The stream's change sequence number of this version: sync orders by it.</summary>
        public long Seq { get; internal set; }
        public RecordStatus Status { get; }
        public bool IsDeleted => Status == RecordStatus.Deleted;
        /// <summary>UTF-8 JSON {"space": {"container": {"prop": value}}}; null for a tombstone.</summary>
        public byte[]? Properties { get; }
        /// <summary>The containers this version has data in.</summary>
        public (string Space, string Container)[] Containers { get; }
        /// <summary>UTF-8 of {"space":..,"externalId":..,"createdTime":..,"lastUpdatedTime":.. (open object).</summary>
        internal byte[] Head { get; }
        /// <summary>Set (under the stream's lock) to the newer version of the record that replaced this one.</summary>
        internal RecordVersion? Successor { get; set; }
        /// <summary>When reads may see this version (epoch ms by the emulator's clock): its write plus the visibility delay.</summary>
        internal long VisibleAt { get; set; }
        /// <summary>On immutable streams: the next record with the same id (ids need not be unique there).</summary>
        internal RecordVersion? NextSameId { get; set; }

        public RecordKey Key => new(Space, ExternalId);

        internal ReadOnlySpan<byte> StatusBytes => Status switch
        {
            RecordStatus.Created => StatusCreated,
            RecordStatus.Updated => StatusUpdated,
            _ => StatusDeleted,
        };

        /// <summary>Bytes of this version as a sync item (with status) or a filter item.</summary>
        internal int ItemLength(bool withStatus) =>
            Head.Length + (withStatus ? StatusBytes.Length : 0) + (Properties == null ? 0 : PropertiesKey.Length + Properties.Length) + 1;

        [ThreadStatic] private static System.Buffers.ArrayBufferWriter<byte>? t_headBuffer;
        [ThreadStatic] private static Utf8JsonWriter? t_headWriter;

        private static byte[] BuildHead(string space, string externalId, long created, long updated)
        {
            // One writer per thread: seeding a million records should not allocate a million writers.
            var buffer = t_headBuffer ??= new System.Buffers.ArrayBufferWriter<byte>(256);
            buffer.ResetWrittenCount();
            var w = t_headWriter ??= new Utf8JsonWriter(buffer, CogniteRecords.Emulator.Api.HttpIo.Writer);
            w.Reset(buffer);
            w.WriteStartObject();
            w.WriteString("space"u8, space);
            w.WriteString("externalId"u8, externalId);
            w.WriteNumber("createdTime"u8, created);
            w.WriteNumber("lastUpdatedTime"u8, updated);
            w.Flush();
            return buffer.WrittenSpan.ToArray();
        }

        public bool TryGetProperty(string space, string container, string property, out JsonElement value)
        {
            value = default;
            if (Properties == null) return false;
            var reader = new Utf8JsonReader(Properties);
            if (!Seek(ref reader, space) || !Seek(ref reader, container) || !Seek(ref reader, property)) return false;
            value = JsonElement.ParseValue(ref reader);
            return true;
        }

        public bool HasData(string space, string container)
        {
            foreach (var c in Containers)
                if (c.Space == space && c.Container == container) return true;
            return false;
        }

        /// <summary>Moves the reader, positioned before an object, onto the value of the named member.</summary>
        private static bool Seek(ref Utf8JsonReader reader, string name)
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(name)) return true;
                reader.Read();
                reader.TrySkip();
            }
            return false;
        }

        /// <summary>The containers a properties object has data in.</summary>
        internal static (string, string)[] ContainersOf(byte[]? properties)
        {
            if (properties == null) return Array.Empty<(string, string)>();
            var list = new List<(string, string)>(2);
            using var doc = JsonDocument.Parse(properties);
            foreach (var s in doc.RootElement.EnumerateObject())
                foreach (var c in s.Value.EnumerateObject())
                    list.Add((string.Intern(s.Name), string.Intern(c.Name)));
            return list.ToArray();
        }
    }
}
