using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text.Json;

namespace CogniteRecords.Emulator.Storage
{
    /// <summary>
    /// Persistence for --data-dir: one binary snapshot (spaces, containers, streams with every current record
    /// version and tombstone, the cursor key), written to a temporary file and renamed over the old one, so a
    /// crash mid-write keeps the previous snapshot. Taken periodically when something changed and at shutdown.
    /// </summary>
    public static class Snapshot
    {
        private const string FileName = "emulator-state.bin";
        private const string Magic = "CogniteRecords.Emulator.Snapshot.v1";

        public static string PathIn(string dir) => Path.Combine(dir, FileName);

        public static void Save(EmulatorStore store, string dir)
        {
            Directory.CreateDirectory(dir);
            var target = PathIn(dir);
            var temp = target + ".tmp";
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            using (var zip = new BrotliStream(file, CompressionLevel.Fastest))
            using (var w = new BinaryWriter(zip))
            {
                w.Write(Magic);
                w.Write(store.CursorKey.Length);
                w.Write(store.CursorKey);
                var projects = store.Projects;
                w.Write(projects.Count);
                foreach (var p in projects)
                {
                    w.Write(p.Name);
                    var spaces = new List<SpaceDef>(p.Spaces.Values);
                    w.Write(spaces.Count);
                    foreach (var s in spaces)
                    {
                        w.Write(s.Space); WriteOpt(w, s.Name); WriteOpt(w, s.Description);
                        w.Write(s.CreatedTime); w.Write(s.LastUpdatedTime);
                    }
                    var containers = new List<ContainerDef>(p.Containers.Values);
                    w.Write(containers.Count);
                    foreach (var c in containers)
                    {
                        w.Write(ContainerJson(c));
                        w.Write(c.CreatedTime); w.Write(c.LastUpdatedTime);
                    }
                    var streams = p.AllStreams();
                    w.Write(streams.Count);
                    foreach (var s in streams)
                    {
                        w.Write(s.ExternalId); w.Write(s.Template.Name); w.Write(s.CreatedTime); w.Write(s.Uid);
                        w.Write(s.DeletedTime ?? -1);
                        var versions = s.CurrentVersions();
                        w.Write(versions.Count);
                        foreach (var v in versions)
                        {
                            w.Write(v.Space); w.Write(v.ExternalId); w.Write(v.CreatedTime); w.Write(v.LastUpdatedTime);
                            w.Write(v.Seq); w.Write((byte)v.Status);
                            if (v.Properties == null) w.Write(-1);
                            else { w.Write(v.Properties.Length); w.Write(v.Properties); }
                        }
                    }
                }
            }
            File.Move(temp, target, overwrite: true);
        }

        /// <summary>Restores a snapshot into an empty store; false when the folder holds none.</summary>
        public static bool Load(EmulatorStore store, string dir)
        {
            var path = PathIn(dir);
            if (!File.Exists(path)) return false;
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var zip = new BrotliStream(file, CompressionMode.Decompress);
            using var r = new BinaryReader(zip);
            if (r.ReadString() != Magic) throw new InvalidDataException($"{path} is not an emulator snapshot.");
            store.CursorKey = r.ReadBytes(r.ReadInt32());
            int projects = r.ReadInt32();
            for (int pi = 0; pi < projects; pi++)
            {
                var p = store.Project(r.ReadString());
                int spaces = r.ReadInt32();
                for (int i = 0; i < spaces; i++)
                {
                    var s = new SpaceDef(r.ReadString(), ReadOpt(r), ReadOpt(r), r.ReadInt64(), r.ReadInt64());
                    p.Spaces[s.Space] = s;
                }
                int containers = r.ReadInt32();
                for (int i = 0; i < containers; i++)
                {
                    var json = r.ReadString();
                    long created = r.ReadInt64(), updated = r.ReadInt64();
                    using var doc = JsonDocument.Parse(json);
                    var c = ContainerDef.Parse(doc.RootElement, "snapshot", updated, created);
                    p.Containers[(c.Space, c.ExternalId)] = c;
                }
                int streams = r.ReadInt32();
                for (int i = 0; i < streams; i++)
                {
                    var id = r.ReadString();
                    var template = p.Policy.Template(r.ReadString(), "snapshot template");
                    long created = r.ReadInt64(), uid = r.ReadInt64(), deleted = r.ReadInt64();
                    var stream = p.CreateStream(id, template, created, uid);
                    if (deleted >= 0) stream.DeletedTime = deleted;
                    int count = r.ReadInt32();
                    var versions = new List<RecordVersion>(count);
                    for (int k = 0; k < count; k++)
                    {
                        var space = string.Intern(r.ReadString());
                        var ext = r.ReadString();
                        long vc = r.ReadInt64(), vu = r.ReadInt64(), seq = r.ReadInt64();
                        var status = (RecordStatus)r.ReadByte();
                        int len = r.ReadInt32();
                        byte[]? props = len < 0 ? null : r.ReadBytes(len);
                        versions.Add(new RecordVersion(space, ext, vc, vu, seq, status, props, RecordVersion.ContainersOf(props)));
                    }
                    stream.AppendRaw(versions, assignSeq: false);
                }
            }
            return true;
        }

        private static string ContainerJson(ContainerDef c)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("space", c.Space);
                w.WriteString("externalId", c.ExternalId);
                if (c.Name != null) w.WriteString("name", c.Name);
                if (c.Description != null) w.WriteString("description", c.Description);
                w.WriteString("usedFor", c.UsedFor);
                w.WriteStartObject("properties");
                foreach (var (name, p) in c.Properties) { w.WritePropertyName(name); p.Definition.WriteTo(w); }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        private static void WriteOpt(BinaryWriter w, string? s) { w.Write(s != null); if (s != null) w.Write(s); }

        private static string? ReadOpt(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;
    }
}
