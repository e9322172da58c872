using System;
using System.Collections.Generic;
using System.Globalization;

namespace CogniteRecords.Core.Sync
{
    /// <summary>
    /// The tombstone retention, and what a sync says when it resumes from a cursor last used longer ago: CDF keeps the
    /// tombstones of deleted records for sync at least <see cref="TombstoneRetentionDays"/> days, so a cursor not used
    /// for longer may have missed deletes (on a mutable stream) without any error.
    /// </summary>
    public static class CursorRetention
    {
        /// <summary>How long CDF keeps tombstones for sync, at least, in days (the documented figure).</summary>
        public const int TombstoneRetentionDays = 3;

        /// <summary><see cref="TombstoneRetentionDays"/> as a time span.</summary>
        public static readonly TimeSpan TombstoneRetention = TimeSpan.FromDays(TombstoneRetentionDays);

        /// <summary>
        /// The age of a cursor last used at <paramref name="lastUsed"/>, at <paramref name="now"/>, when it is older than
        /// <paramref name="retention"/>; else null (also when the time it was last used is not known).
        /// </summary>
        public static TimeSpan? AgeBeyond(DateTimeOffset? lastUsed, DateTimeOffset now, TimeSpan retention)
        {
            if (lastUsed is not DateTimeOffset used || used == default) return null;
            var age = now - used;
            return age > retention ? age : (TimeSpan?)null;
        }

        /// <summary>
        /// The warning of a sync of <paramref name="stream"/> that resumes from a cursor last used <paramref name="age"/>
        /// ago: deletes may have been missed, and what to do (a full re-sync from <c>-InitializeCursor</c>, and reconcile);
        /// with <paramref name="checkpointPath"/>, that the checkpoint file must go first.
        /// </summary>
        public static string Warning(string stream, TimeSpan age, DateTimeOffset lastUsed, TimeSpan retention, string? checkpointPath)
        {
            var restart = checkpointPath != null
                ? $"delete or rename the checkpoint file '{checkpointPath}' and run the sync again with -InitializeCursor"
                : "run Sync-CdfRecord again with -InitializeCursor (it replaces the kept cursor)";
            return string.Format(CultureInfo.InvariantCulture,
                "Stream '{0}': this sync resumes from a cursor last used {1} ago ({2:yyyy-MM-dd HH:mm:ss}Z), longer than the {3} the service keeps " +
                "the tombstones of deleted records: deletes made in that time may have been missed, so records deleted since may still be in what " +
                "this sync keeps up to date. To be sure, run a full re-sync and reconcile: {4} reaching back before the stream's oldest record, " +
                "then remove from your copy every record the re-sync does not return.",
                stream, Describe(age), lastUsed.UtcDateTime, Describe(retention), restart);
        }

        /// <summary>A time span in words, largest unit first: "4 days", "4 days, 2 hours", "3 days, 1 minute", "5 hours, 3 minutes".</summary>
        public static string Describe(TimeSpan span)
        {
            if (span < TimeSpan.Zero) span = span.Negate();
            var parts = new List<string>();
            void Add(int n, string unit)
            {
                if (n > 0) parts.Add(n.ToString(CultureInfo.InvariantCulture) + " " + unit + (n == 1 ? "" : "s"));
            }
            Add(span.Days, "day");
            Add(span.Hours, "hour");
            // Minutes only below a day: "4 days, 2 hours" says enough.
            if (span.Days == 0 || parts.Count == 1) Add(span.Minutes, "minute");
            return parts.Count == 0 ? "less than a minute" : string.Join(", ", parts);
        }
    }
}
