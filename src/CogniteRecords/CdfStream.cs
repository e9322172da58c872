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
}
