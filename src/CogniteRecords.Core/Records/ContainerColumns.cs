using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CogniteRecords.Core.Models;

namespace CogniteRecords.Core.Records
{
    /// <summary>The columns of one container, for the page reader's lookups.</summary>
    internal sealed class ContainerColumns
    {
        public ContainerColumns(string space, string container, RecordColumn[] columns)
        {
            Space = space; Container = container; Columns = columns;
            SpaceUtf8 = Encoding.UTF8.GetBytes(space);
            ContainerUtf8 = Encoding.UTF8.GetBytes(container);
            ByName = new Dictionary<string, RecordColumn>(StringComparer.Ordinal);
            foreach (var c in columns) ByName[c.Property] = c;
        }

        public string Space { get; }
        public string Container { get; }
        public byte[] SpaceUtf8 { get; }
        public byte[] ContainerUtf8 { get; }
        public RecordColumn[] Columns { get; }
        public Dictionary<string, RecordColumn> ByName { get; }
    }
}
