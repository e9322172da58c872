using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CogniteRecords.Core.Models;

namespace CogniteRecords.Core.Records
{
    /// <summary>
    /// The columns of a sync call, known before the first record: the five record fields come first (on the
    /// output object), then one column per selected container property, in source order and the container's order.
    /// A property id is used as it is unless it clashes (case-insensitively, as PowerShell compares names) with a
    /// record field or with a property of another selected container; then every clashing one is qualified as
    /// 'container.property', then 'space.container.property', then with a number: deterministic, never overwriting.
    /// </summary>
    public sealed class RecordColumns
    {
        /// <summary>The names of the record fields every flat record starts with.</summary>
        public static readonly IReadOnlyList<string> RecordFields = new[] { "Space", "ExternalId", "Status", "CreatedTime", "LastUpdatedTime" };

        private RecordColumns(IReadOnlyList<RecordColumn> columns, ContainerColumns[] containers)
        {
            Columns = columns; Containers = containers;
        }

        public IReadOnlyList<RecordColumn> Columns { get; }

        internal ContainerColumns[] Containers { get; }

        public static readonly RecordColumns Empty = new RecordColumns(Array.Empty<RecordColumn>(), Array.Empty<ContainerColumns>());

        /// <summary>Builds the columns from the selected sources and their containers' definitions.</summary>
        public static RecordColumns Build(IReadOnlyList<SourceSelection> sources, IReadOnlyList<ContainerDefinition> containers)
        {
            var picked = new List<(SourceSelection Source, string Property, PropertyType Type)>();
            foreach (var source in sources)
            {
                var def = containers.FirstOrDefault(c => c.Space == source.Space && c.ExternalId == source.Container);
                if (def == null)
                    throw new SourceNotFoundException("ContainerNotFound", $"The container '{source.Space}/{source.Container}' was not found in the project.");
                if (source.AllProperties)
                {
                    foreach (var p in def.Properties) picked.Add((source, p.Key, p.Value));
                }
                else
                {
                    foreach (var name in source.Properties)
                    {
                        var match = def.Properties.FirstOrDefault(p => p.Key == name);
                        if (match.Key == null)
                            throw new SourceNotFoundException("PropertyNotFound",
                                $"The container '{source.Space}/{source.Container}' has no property '{name}'. It has: {string.Join(", ", def.Properties.Select(p => p.Key))}.");
                        picked.Add((source, match.Key, match.Value));
                    }
                }
            }

            var triples = new List<(string Space, string Container, string Property)>(picked.Count);
            foreach (var p in picked) triples.Add((p.Source.Space, p.Source.Container, p.Property));
            var names = Resolve(triples);
            var columns = new RecordColumn[picked.Count];
            for (var i = 0; i < picked.Count; i++)
                columns[i] = new RecordColumn(i, names[i], picked[i].Source.Space, picked[i].Source.Container, picked[i].Property, picked[i].Type);

            // The columns by container, in order of first appearance (a loop, not GroupBy over a tuple key: see SyncEngine).
            var grouped = new List<List<RecordColumn>>();
            foreach (var c in columns)
            {
                List<RecordColumn>? group = null;
                foreach (var g in grouped)
                    if (g[0].Space == c.Space && g[0].Container == c.Container) { group = g; break; }
                if (group == null) grouped.Add(group = new List<RecordColumn>());
                group.Add(c);
            }
            var groups = new ContainerColumns[grouped.Count];
            for (var i = 0; i < groups.Length; i++) groups[i] = new ContainerColumns(grouped[i][0].Space, grouped[i][0].Container, grouped[i].ToArray());
            return new RecordColumns(columns, groups);
        }

        /// <summary>Output names for (space, container, property) triples; see the class remarks.</summary>
        internal static string[] Resolve(IReadOnlyList<(string Space, string Container, string Property)> props)
        {
            var cmp = StringComparer.OrdinalIgnoreCase;
            var names = new string[props.Count];
            var candidates = new Func<int, string>[]
            {
                i => props[i].Property,
                i => props[i].Container + "." + props[i].Property,
                i => props[i].Space + "." + props[i].Container + "." + props[i].Property,
            };
            var level = new int[props.Count];
            // Raise the qualification of every clashing name together until none clash (or the last level is reached).
            for (var round = 0; round < candidates.Length; round++)
            {
                for (var i = 0; i < props.Count; i++) names[i] = candidates[level[i]](i);
                var clashing = new HashSet<int>();
                for (var i = 0; i < props.Count; i++)
                {
                    if (RecordFields.Contains(names[i], cmp)) clashing.Add(i);
                    for (var j = i + 1; j < props.Count; j++)
                        if (cmp.Equals(names[i], names[j])) { clashing.Add(i); clashing.Add(j); }
                }
                if (clashing.Count == 0) return names;
                if (round == candidates.Length - 1) break;
                foreach (var i in clashing) if (level[i] < candidates.Length - 1) level[i]++;
            }
            // Still clashing (names differing only in case): number the later ones in order.
            var used = new HashSet<string>(RecordFields, cmp);
            for (var i = 0; i < props.Count; i++)
            {
                var name = names[i];
                for (var n = 2; !used.Add(name); n++) name = names[i] + "_" + n;
                names[i] = name;
            }
            return names;
        }
    }
}
