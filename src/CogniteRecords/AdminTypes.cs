using System;
using System.Collections.Generic;
using System.Linq;
using CogniteRecords.Core.Models;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Streams;

namespace CogniteRecords
{
    /// <summary>A stream of the Records API (Get-CdfStream, New-CdfStream).</summary>
    public sealed class CdfStream
    {
        internal CdfStream(StreamInfo s)
        {
            ExternalId = s.ExternalId;
            Type = s.Type;
            CreatedFromTemplate = s.CreatedFromTemplate;
            CreatedTime = DateTimeOffset.FromUnixTimeMilliseconds(s.CreatedTime);
            RetainedAfterSoftDelete = s.RetainedAfterSoftDelete;
            DataDeletedAfter = s.DataDeletedAfter;
            MaxFilteringInterval = s.MaxFilteringInterval;
            MaxRecords = s.MaxRecordsTotal is StreamLimit r ? (long?)Math.Round(r.Provisioned) : null;
            Records = s.MaxRecordsTotal?.Consumed is double c ? (long?)Math.Round(c) : null;
            MaxGigaBytes = s.MaxGigaBytesTotal?.Provisioned;
            GigaBytes = s.MaxGigaBytesTotal?.Consumed;
        }

        /// <summary>The stream id.</summary>
        public string ExternalId { get; }

        /// <summary>Immutable or Mutable.</summary>
        public string? Type { get; }

        /// <summary>Whether records can be upserted and deleted.</summary>
        public bool IsMutable => string.Equals(Type, "Mutable", StringComparison.OrdinalIgnoreCase);

        /// <summary>The template it was made from: ImmutableTestStream, BasicArchive, BasicLiveData.</summary>
        public string? CreatedFromTemplate { get; }

        /// <summary>When it was made (UTC).</summary>
        public DateTimeOffset CreatedTime { get; }

        /// <summary>How long the stream's id stays taken after Remove-CdfStream (ISO-8601 duration, e.g. P42D).</summary>
        public string? RetainedAfterSoftDelete { get; }

        /// <summary>How long records are kept (ISO-8601 duration), or null for unlimited.</summary>
        public string? DataDeletedAfter { get; }

        /// <summary>Immutable streams: the longest lastUpdatedTime window one filter request may span (ISO-8601 duration).</summary>
        public string? MaxFilteringInterval { get; }

        /// <summary>The most records the stream may hold.</summary>
        public long? MaxRecords { get; }

        /// <summary>Records held now (only with Get-CdfStream -Stream, which asks for statistics).</summary>
        public long? Records { get; }

        /// <summary>The most data the stream may hold, in GB.</summary>
        public double? MaxGigaBytes { get; }

        /// <summary>Data held now, in GB (only with statistics).</summary>
        public double? GigaBytes { get; }

        /// <inheritdoc />
        public override string ToString() => ExternalId;
    }

    /// <summary>One property of a container: its id, type, whether it is a list, and whether it may be empty.</summary>
    public sealed class CdfContainerProperty
    {
        internal CdfContainerProperty(string name, PropertyType type)
        {
            Name = name; Type = type.Type; IsList = type.List; Nullable = type.Nullable; Values = type.EnumValues;
        }

        /// <summary>The property id: the column name in flat records.</summary>
        public string Name { get; }

        /// <summary>text, boolean, float32, float64, int32, int64, timestamp, date, json, direct or enum.</summary>
        public string Type { get; }

        /// <summary>An enum property's values (records hold one of them, read and written as text); null for other types.</summary>
        public IReadOnlyList<string>? Values { get; }

        /// <summary>Whether the property holds a list of values.</summary>
        public bool IsList { get; }

        /// <summary>Whether a record may leave the property out.</summary>
        public bool Nullable { get; }

        /// <inheritdoc />
        public override string ToString() =>
            Name + ":" + Type + (Values != null ? "(" + string.Join("|", Values) + ")" : "") + (IsList ? "[]" : "") + (Nullable ? "" : "!");
    }

    /// <summary>A Data Modeling container: the properties (columns) records can have in it.</summary>
    public sealed class CdfContainer
    {
        internal CdfContainer(ContainerDefinition c)
        {
            Space = c.Space;
            ExternalId = c.ExternalId;
            Name = c.Name;
            Description = c.Description;
            UsedFor = c.UsedFor;
            CreatedTime = c.CreatedTime > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(c.CreatedTime) : (DateTimeOffset?)null;
            LastUpdatedTime = c.LastUpdatedTime > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(c.LastUpdatedTime) : (DateTimeOffset?)null;
            Properties = c.Properties.Select(p => new CdfContainerProperty(p.Key, p.Value)).ToArray();
        }

        public string Space { get; }
        public string ExternalId { get; }
        public string? Name { get; }
        public string? Description { get; }

        /// <summary>node, edge, all or record.</summary>
        public string? UsedFor { get; }
        public DateTimeOffset? CreatedTime { get; }
        public DateTimeOffset? LastUpdatedTime { get; }

        /// <summary>The properties, in the API's order.</summary>
        public IReadOnlyList<CdfContainerProperty> Properties { get; }

        /// <summary>'space/container', as -Source and -Container take it.</summary>
        public string Reference => Space + "/" + ExternalId;

        /// <inheritdoc />
        public override string ToString() => Reference;
    }

    /// <summary>What became of one record given to Add-CdfRecord, Set-CdfRecord or Remove-CdfRecord (-PassThru).</summary>
    public sealed class CdfRecordWriteResult
    {
        internal CdfRecordWriteResult(long row, string? space, string? externalId, string operation, string status, string? errorId, string? message,
            int? code, string? requestId, string? note)
        {
            Row = row; Space = space; ExternalId = externalId; Operation = operation; Status = status; ErrorId = errorId;
            Message = message; Code = code; RequestId = requestId; Note = note;
        }

        internal static CdfRecordWriteResult From(RecordOutcome o, string operation, string? errorId) =>
            new CdfRecordWriteResult(o.Record.Row, o.Record.Key.Space, o.Record.Key.ExternalId, operation, o.Succeeded ? "Succeeded" : "Failed",
                o.Succeeded ? null : errorId, o.Message, o.Code, o.Error?.RequestId, o.Note);

        /// <summary>The 1-based number of the input object.</summary>
        public long Row { get; }
        public string? Space { get; }
        public string? ExternalId { get; }

        /// <summary>Ingest, Upsert or Delete.</summary>
        public string Operation { get; }

        /// <summary>Succeeded, Failed, or Skipped (a tombstone from Sync-CdfRecord has nothing to write).</summary>
        public string Status { get; }

        /// <summary>For failures: the ErrorId of the error written for this record.</summary>
        public string? ErrorId { get; }

        /// <summary>For failures: why; for skipped records: what was skipped.</summary>
        public string? Message { get; }

        /// <summary>The API's code for this record, when it gave one.</summary>
        public int? Code { get; }

        /// <summary>The x-request-id of the failed response: quote it to support.</summary>
        public string? RequestId { get; }

        /// <summary>For successes that needed a second look (e.g. a 409 recognised as an earlier landed attempt).</summary>
        public string? Note { get; }
    }
}
