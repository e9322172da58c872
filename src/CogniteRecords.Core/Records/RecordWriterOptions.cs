using System;
using System.Collections.Generic;
using CogniteRecords.Core.Models;

namespace CogniteRecords.Core.Records
{
    /// <summary>How a <see cref="RecordWriter"/> sends.</summary>
    public sealed class RecordWriterOptions
    {
        public RecordWriterOptions(string stream, RecordOperation operation, bool mutableStream)
        {
            Stream = stream; Operation = operation; MutableStream = mutableStream;
        }

        public string Stream { get; }
        public RecordOperation Operation { get; }
        public bool MutableStream { get; }

        /// <summary>Items per request (the API's bound: 1000).</summary>
        public int MaxItems { get; set; } = 1000;

        /// <summary>Bytes per request body, as serialized (the API's bound: 10 MB).</summary>
        public long MaxBytes { get; set; } = 10L * 1024 * 1024;

        /// <summary>Requests in flight at once (the ingest budget allows 15 per identity; keep well below).</summary>
        public int Concurrency { get; set; } = 4;

        /// <summary>Rounds of re-sending items a failed request did not write (after the pipeline's own retries).</summary>
        public int MaxResendRounds { get; set; } = 3;

        /// <summary>Extra requests one batch may spend halving itself to find the items a 400 refuses.</summary>
        public int MaxSplitRequests { get; set; } = 40;

        /// <summary>
        /// How long the read-back after a retried ingest's 409 keeps looking for records not readable yet (reads lag writes)
        /// before it gives up on confirming them (RecordNotVerified).
        /// </summary>
        public TimeSpan VerifyTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>The first pause before looking again; it doubles up to <see cref="VerifyMaxPause"/>.</summary>
        public TimeSpan VerifyFirstPause { get; set; } = TimeSpan.FromMilliseconds(250);

        /// <summary>The longest pause between two lookups of the read-back.</summary>
        public TimeSpan VerifyMaxPause { get; set; } = TimeSpan.FromSeconds(8);

        /// <summary>
        /// Stop at the first record that fails (-ErrorAction Stop): from then on nothing more is sent, and every record
        /// not yet sent (queued, waiting for a slot, the other half of a split, a re-send) is settled as "RecordNotSent".
        /// Requests already in flight finish and settle as they do.
        /// </summary>
        public bool StopAtFirstFailure { get; set; }

        /// <summary>The containers records are written to: where a 409 looks the records up to compare them.</summary>
        public IReadOnlyList<(string Space, string Container)> Containers { get; set; } = Array.Empty<(string, string)>();

        /// <summary>The types of the containers' properties, to compare values read back (timestamps, floats).</summary>
        public Func<string, string, string, PropertyType?>? TypeOf { get; set; }
    }
}
