using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using CogniteRecords.Core.Json;
using CogniteRecords.Core.Models;

namespace CogniteRecords.Core.Records
{
    /// <summary>
    /// Turns input rows (column name → plain value) into record items for one or more containers: the record fields
    /// from the Space and ExternalId columns (or -Space), container properties by name or by an explicit map, values
    /// converted to each property's type. System columns of sync output (Status, CreatedTime, LastUpdatedTime) are
    /// skipped, and so are tombstones (Status 'deleted'). Column names match case-insensitively, as PowerShell's do;
    /// property ids match exactly first, then case-insensitively when that is unique.
    /// </summary>
    public sealed class RecordMapping
    {
        private enum TargetKind { Skip, Space, ExternalId, Status, Property }

        private sealed class Target
        {
            public TargetKind Kind;
            public int Container;
            public string Property = "";
            public PropertyType Type = null!;
        }

        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

        private readonly IReadOnlyList<ContainerDefinition> _containers;
        // Explicit -Property entries match columns case-insensitively (as PowerShell names do); the resolved cache is
        // exact, because 'Status' (sync's record status) and 'status' (a property) are different columns.
        private readonly Dictionary<string, Target> _explicit = new Dictionary<string, Target>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Target> _byColumn = new Dictionary<string, Target>(StringComparer.Ordinal);
        private readonly string? _space;
        private readonly bool _ignoreUnknown;
        private readonly string? _listSeparator;
        private readonly TextReading _reading;
        private readonly System.IO.MemoryStream _buffer = new System.IO.MemoryStream(4096);
        private readonly Utf8JsonWriter _writer;
        private readonly List<(Target Target, object? Value, string Column)>[] _perContainer;

        /// <param name="containers">The target containers, as read from the API (1-10).</param>
        /// <param name="columnMap">Column → target: 'prop', 'container/prop', 'space/container/prop', 'externalId', 'space', or empty to skip the column.</param>
        /// <param name="space">The space of every record; null to read it from each row's Space column.</param>
        /// <param name="ignoreUnknownColumns">Skip columns that match no property instead of stopping.</param>
        /// <param name="listSeparator">Split list text on this when it is not a JSON array.</param>
        /// <param name="reading">How date and number text that is not ISO 8601 or invariant is read; null: the current culture.</param>
        public RecordMapping(IReadOnlyList<ContainerDefinition> containers, IEnumerable<KeyValuePair<string, string?>>? columnMap, string? space,
            bool ignoreUnknownColumns, string? listSeparator, TextReading? reading = null)
        {
            _reading = reading ?? TextReading.Current;
            if (containers == null || containers.Count == 0) throw new ArgumentException("At least one container is needed.", nameof(containers));
            _containers = containers;
            _space = space;
            _ignoreUnknown = ignoreUnknownColumns;
            _listSeparator = string.IsNullOrEmpty(listSeparator) ? null : listSeparator;
            _writer = new Utf8JsonWriter(_buffer, WriterOptions);
            _perContainer = containers.Select(_ => new List<(Target, object?, string)>()).ToArray();
            if (space != null)
            {
                var why = Identifiers.CheckSpace(space);
                if (why != null) throw new RecordMappingException("InvalidSpace", why);
            }
            if (columnMap != null)
            {
                foreach (var pair in columnMap)
                {
                    if (string.IsNullOrEmpty(pair.Key)) throw new RecordMappingException("InvalidPropertyMapping", "A -Property entry has an empty column name.");
                    _explicit[pair.Key] = ResolveExplicit(pair.Key, pair.Value);
                }
            }
        }

        /// <summary>The containers records are written to.</summary>
        public IReadOnlyList<ContainerDefinition> Containers => _containers;

        /// <summary>The type of a property of one of the containers, for comparing values read back.</summary>
        public PropertyType? TypeOf(string space, string container, string property)
        {
            foreach (var c in _containers)
            {
                if (c.Space != space || c.ExternalId != container) continue;
                foreach (var p in c.Properties) if (p.Key == property) return p.Value;
            }
            return null;
        }

        private Target ResolveExplicit(string column, string? target)
        {
            if (string.IsNullOrWhiteSpace(target)) return new Target { Kind = TargetKind.Skip };
            var t = target!.Trim();
            if (t.Equals("externalId", StringComparison.OrdinalIgnoreCase)) return new Target { Kind = TargetKind.ExternalId };
            if (t.Equals("space", StringComparison.OrdinalIgnoreCase)) return new Target { Kind = TargetKind.Space };
            var parts = t.Split('/');
            string? space = null, container = null, property;
            switch (parts.Length)
            {
                case 1: property = parts[0]; break;
                case 2: container = parts[0]; property = parts[1]; break;
                case 3: space = parts[0]; container = parts[1]; property = parts[2]; break;
                default:
                    throw new RecordMappingException("InvalidPropertyMapping", $"-Property maps column '{column}' to '{t}': give 'property', 'container/property', 'space/container/property', 'externalId' or 'space'.");
            }
            var matches = new List<Target>();
            for (var i = 0; i < _containers.Count; i++)
            {
                var c = _containers[i];
                if (space != null && c.Space != space) continue;
                if (container != null && c.ExternalId != container) continue;
                foreach (var p in c.Properties)
                    if (p.Key == property) matches.Add(new Target { Kind = TargetKind.Property, Container = i, Property = p.Key, Type = p.Value });
            }
            if (matches.Count == 1) return matches[0];
            if (matches.Count == 0)
                throw new RecordMappingException("InvalidPropertyMapping", $"-Property maps column '{column}' to '{t}', which is no property of {Describe()}. {Listing()}");
            throw new RecordMappingException("AmbiguousColumn", $"-Property maps column '{column}' to '{t}', which more than one container defines: write 'container/{property}'.");
        }

        private Target ResolveDefault(string column)
        {
            if (_explicit.TryGetValue(column, out var mapped)) return mapped;
            if (column.Equals("Space", StringComparison.OrdinalIgnoreCase)) return new Target { Kind = TargetKind.Space };
            if (column.Equals("ExternalId", StringComparison.OrdinalIgnoreCase)) return new Target { Kind = TargetKind.ExternalId };
            // Sync output's record columns, spelled exactly so, unless a container has a property of that exact name.
            if ((column == "Status" || column == "CreatedTime" || column == "LastUpdatedTime") && !_containers.Any(c => c.Properties.Any(p => p.Key == column)))
                return new Target { Kind = column == "Status" ? TargetKind.Status : TargetKind.Skip };

            var exact = new List<Target>();
            var loose = new List<Target>();
            for (var i = 0; i < _containers.Count; i++)
            {
                foreach (var p in _containers[i].Properties)
                {
                    if (p.Key == column) exact.Add(new Target { Kind = TargetKind.Property, Container = i, Property = p.Key, Type = p.Value });
                    else if (string.Equals(p.Key, column, StringComparison.OrdinalIgnoreCase)) loose.Add(new Target { Kind = TargetKind.Property, Container = i, Property = p.Key, Type = p.Value });
                }
            }
            var found = exact.Count > 0 ? exact : loose;
            if (found.Count == 0) found = Qualified(column);
            if (found.Count == 1) return found[0];
            if (found.Count > 1)
                throw new RecordMappingException("AmbiguousColumn", $"The column '{column}' matches a property of more than one container: map it with -Property @{{ '{column}' = 'container/property' }}.");
            if (_ignoreUnknown) return new Target { Kind = TargetKind.Skip };
            throw new RecordMappingException("UnknownColumn",
                $"The column '{column}' matches no property of {Describe()}: map it with -Property @{{ '{column}' = 'property' }}, skip it with -Property @{{ '{column}' = $null }}, or pass -IgnoreUnknownColumn. {Listing()}");
        }

        /// <summary>
        /// A column named as sync output names a property that clashes with a record field or another container's
        /// property: 'container.property' or 'space.container.property' (so Sync-CdfRecord | Add-CdfRecord copies it).
        /// </summary>
        private List<Target> Qualified(string column)
        {
            var found = new List<Target>();
            var parts = column.Split('.');
            if (parts.Length != 2 && parts.Length != 3) return found;
            for (var i = 0; i < _containers.Count; i++)
            {
                var c = _containers[i];
                if (c.ExternalId != parts[parts.Length - 2] || (parts.Length == 3 && c.Space != parts[0])) continue;
                foreach (var p in c.Properties)
                    if (p.Key == parts[parts.Length - 1]) found.Add(new Target { Kind = TargetKind.Property, Container = i, Property = p.Key, Type = p.Value });
            }
            return found;
        }

        private string Describe() => string.Join(", ", _containers.Select(c => "'" + c.Space + "/" + c.ExternalId + "'"));

        private string Listing() => "Properties: " + string.Join(", ", _containers.SelectMany(c => c.Properties.Select(p => (_containers.Count > 1 ? c.ExternalId + "/" : "") + p.Key))) + ".";

        /// <summary>
        /// Maps one row. Returns null for a tombstone (a sync record with Status 'deleted'), which has no values to
        /// write. Throws <see cref="RecordRowException"/> for a bad row and <see cref="RecordMappingException"/> for a
        /// column no row can map.
        /// </summary>
        public PendingRecord? Map(long row, IReadOnlyList<KeyValuePair<string, object?>> columns)
        {
            string? space = _space, externalId = null;
            foreach (var list in _perContainer) list.Clear();
            foreach (var column in columns)
            {
                if (!_byColumn.TryGetValue(column.Key, out var target))
                {
                    target = ResolveDefault(column.Key);
                    _byColumn[column.Key] = target;
                }
                switch (target.Kind)
                {
                    case TargetKind.Skip:
                        break;
                    case TargetKind.Status:
                        if (column.Value is string status && string.Equals(status, SyncStatus.Deleted, StringComparison.OrdinalIgnoreCase)) return null;
                        break;
                    case TargetKind.Space:
                        if (_space == null) space = AsText(column.Value);
                        break;
                    case TargetKind.ExternalId:
                        externalId = AsText(column.Value);
                        break;
                    case TargetKind.Property:
                        if (!RecordValueConverter.IsEmpty(column.Value)) _perContainer[target.Container].Add((target, column.Value, column.Key));
                        break;
                }
            }

            if (string.IsNullOrEmpty(space))
                throw new RecordRowException("MissingSpace", $"Row {row}: there is no space: give -Space, or a Space column.", "Space");
            var badSpace = Identifiers.CheckSpace(space);
            if (badSpace != null) throw new RecordRowException("InvalidRecordValue", $"Row {row}, column 'Space': {badSpace}", "Space");
            if (string.IsNullOrEmpty(externalId))
                throw new RecordRowException("MissingExternalId", $"Row {row}: there is no externalId: give an ExternalId column, or map one with -Property @{{ 'column' = 'externalId' }}.", "ExternalId");
            if (externalId!.Length > 256 || externalId.IndexOf('\0') >= 0)
                throw new RecordRowException("InvalidRecordValue", $"Row {row}, column 'ExternalId': the external id must be 1-256 characters with no NUL.", "ExternalId");

            // Properties that are not nullable need a value in every row.
            for (var i = 0; i < _containers.Count; i++)
            {
                foreach (var p in _containers[i].Properties)
                {
                    if (p.Value.Nullable) continue;
                    var present = false;
                    foreach (var v in _perContainer[i]) if (v.Target.Property == p.Key) { present = true; break; }
                    if (!present)
                        throw new RecordRowException("MissingRequiredValue", $"Row {row} (externalId '{externalId}'): the property '{p.Key}' of '{_containers[i].Space}/{_containers[i].ExternalId}' is not nullable, and the row has no value for it.", p.Key);
                }
            }

            _buffer.SetLength(0);
            _writer.Reset(_buffer);
            _writer.WriteStartObject();
            _writer.WriteString("space", space);
            _writer.WriteString("externalId", externalId);
            _writer.WriteStartArray("sources");
            var none = true;
            foreach (var list in _perContainer) if (list.Count > 0) { none = false; break; }
            for (var i = 0; i < _containers.Count; i++)
            {
                var values = _perContainer[i];
                // A record with no values at all still names its first container (sources takes 1-100 items).
                if (values.Count == 0 && !(none && i == 0)) continue;
                _writer.WriteStartObject();
                _writer.WritePropertyName("source");
                ApiJson.WriteContainerReference(_writer, _containers[i].Space, _containers[i].ExternalId);
                _writer.WriteStartObject("properties");
                foreach (var (target, value, column) in values)
                {
                    _writer.WritePropertyName(target.Property);
                    try
                    {
                        RecordValueConverter.Write(_writer, value, target.Type, _listSeparator, _reading);
                    }
                    catch (RecordValueException e)
                    {
                        throw new RecordRowException("InvalidRecordValue",
                            $"Row {row} (externalId '{externalId}'), column '{column}' (property '{target.Property}', {target.Type}): {e.Message}", column);
                    }
                }
                _writer.WriteEndObject();
                _writer.WriteEndObject();
            }
            _writer.WriteEndArray();
            _writer.WriteEndObject();
            _writer.Flush();
            return new PendingRecord(row, space!, externalId, _buffer.ToArray());
        }

        private static string? AsText(object? value) => value switch
        {
            null => null,
            string s => s,
            JsonElement e when e.ValueKind == JsonValueKind.String => e.GetString(),
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };

        /// <summary>A delete item: {"space", "externalId"}.</summary>
        public static PendingRecord DeleteItem(long row, string space, string externalId)
        {
            var why = Identifiers.CheckSpace(space);
            if (why != null) throw new RecordRowException("InvalidRecordValue", (row > 0 ? $"Row {row}: " : "") + why, "Space");
            if (string.IsNullOrEmpty(externalId) || externalId.Length > 256 || externalId.IndexOf('\0') >= 0)
                throw new RecordRowException("MissingExternalId", (row > 0 ? $"Row {row}: " : "") + "the external id must be 1-256 characters with no NUL.", "ExternalId");
            var buffer = new System.IO.MemoryStream(64 + externalId.Length);
            using (var w = new Utf8JsonWriter(buffer, WriterOptions))
            {
                ApiJson.WriteRecordId(w, space, externalId);
            }
            return new PendingRecord(row, space, externalId, buffer.ToArray());
        }
    }
}
