using System;
using System.Management.Automation;
using BenchmarkDotNet.Attributes;

namespace CogniteRecords.Bench.Micro
{
    /// <summary>
    /// Ways to build one flat output record of 15 columns (5 fixed, 10 container properties) as a PSObject.
    /// The columns are known per call, not at compile time, so they are note properties.
    /// </summary>
    [MemoryDiagnoser]
    public class OutputObjectBenchmarks
    {
        private static readonly string[] Names =
        {
            "Space", "ExternalId", "Status", "CreatedTime", "LastUpdatedTime",
            "name", "count", "temperature", "flag", "observedAt", "tags", "weight", "meta", "code", "ratio",
        };

        private readonly object?[] _values =
        {
            "bench", "rec-0000001", "created", DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), DateTimeOffset.FromUnixTimeMilliseconds(1700000000000),
            "name 1", 1L, 0.35, true, DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), "[\"a\",\"b\"]", 1.5f, "{\"k\":1}", "C1", 0.142857,
        };

        [Benchmark(Baseline = true, Description = "PSObject + Properties.Add(note)")]
        public PSObject NoteProperties()
        {
            var o = new PSObject();
            for (int i = 0; i < Names.Length; i++) o.Properties.Add(new PSNoteProperty(Names[i], _values[i]));
            return o;
        }

        [Benchmark(Description = "PSObject + Properties.Add(note, preValidated)")]
        public PSObject NotePropertiesPreValidated()
        {
            var o = new PSObject();
            for (int i = 0; i < Names.Length; i++) o.Properties.Add(new PSNoteProperty(Names[i], _values[i]), preValidated: true);
            return o;
        }

        [Benchmark(Description = "typed object, wrapped by PSObject.AsPSObject")]
        public PSObject TypedObject()
        {
            var v = _values;
            var o = new TypedRecord
            {
                Space = (string)v[0]!, ExternalId = (string)v[1]!, Status = (string)v[2]!, CreatedTime = (DateTimeOffset)v[3]!, LastUpdatedTime = (DateTimeOffset)v[4]!,
                name = (string)v[5]!, count = (long)v[6]!, temperature = (double)v[7]!, flag = (bool)v[8]!, observedAt = (DateTimeOffset)v[9]!,
                tags = (string)v[10]!, weight = (float)v[11]!, meta = (string)v[12]!, code = (string)v[13]!, ratio = (double)v[14]!,
            };
            return PSObject.AsPSObject(o);
        }

        [Benchmark(Description = "values array + shared column schema (for a PSPropertyAdapter), wrapped")]
        public PSObject ValuesArray()
        {
            var values = new object?[Names.Length];
            Array.Copy(_values, values, values.Length);
            return PSObject.AsPSObject(new AdaptedRecord(Names, values));
        }

        public sealed class AdaptedRecord
        {
            public AdaptedRecord(string[] columns, object?[] values) { Columns = columns; Values = values; }
            public string[] Columns { get; }
            public object?[] Values { get; }
        }

#pragma warning disable IDE1006 // names as the container's property ids
        public sealed class TypedRecord
        {
            public string Space { get; set; } = "";
            public string ExternalId { get; set; } = "";
            public string Status { get; set; } = "";
            public DateTimeOffset CreatedTime { get; set; }
            public DateTimeOffset LastUpdatedTime { get; set; }
            public string name { get; set; } = "";
            public long count { get; set; }
            public double temperature { get; set; }
            public bool flag { get; set; }
            public DateTimeOffset observedAt { get; set; }
            public string tags { get; set; } = "";
            public float weight { get; set; }
            public string meta { get; set; } = "";
            public string code { get; set; } = "";
            public double ratio { get; set; }
        }
#pragma warning restore IDE1006
    }
}
