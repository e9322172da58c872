using System;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;

namespace CogniteRecords.Core.Streams
{
    /// <summary>
    /// Creating a stream the way a runbook needs it: a create whose answer was lost (the connection dropped after the
    /// service had made the stream, and the retry met 409) is read back before "already exists" is reported; a refusal
    /// for a quota (active streams of a template, soft-deleted streams) is told apart from an id that is taken.
    /// </summary>
    public static class StreamCreation
    {
        /// <summary>
        /// How much earlier than the call's start a stream found on read-back may have been created and still count as
        /// this call's (clocks of client and service differ a little).
        /// </summary>
        public static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(5);

        /// <summary>
        /// Creates the stream. When the call had to be retried and then met 409, reads the stream back: one made from the
        /// same template since the call began (within <see cref="ClockTolerance"/>) is the stream an earlier attempt made,
        /// and is returned with <see cref="StreamCreateResult.Recovered"/> set. Otherwise the 409 is thrown as it came.
        /// </summary>
        public static async Task<StreamCreateResult> CreateAsync(CdfApiClient client, string streamId, string template, IRequestObserver? observer, CancellationToken cancellationToken)
        {
            var started = DateTimeOffset.UtcNow;
            var counting = new CountingObserver(observer);
            try
            {
                var created = await StreamsApi.CreateAsync(client, streamId, template, counting, cancellationToken).ConfigureAwait(false);
                return new StreamCreateResult(created, false);
            }
            catch (CdfApiException e) when (e.Kind == CdfErrorKind.Conflict && counting.Retries > 0 && !cancellationToken.IsCancellationRequested)
            {
                observer?.Debug($"The create of stream '{streamId}' was retried and then answered 409: reading the stream back, since an earlier attempt may have made it before its answer was lost.");
                StreamInfo existing;
                try
                {
                    existing = await StreamsApi.RetrieveAsync(client, streamId, false, observer, cancellationToken).ConfigureAwait(false);
                }
                catch (CdfApiException r) when (r.Kind == CdfErrorKind.NotFound)
                {
                    // Taken by a soft-deleted stream (or gone again): not ours.
                    throw e;
                }
                if (IsOurs(existing, template, started)) return new StreamCreateResult(existing, true);
                throw;
            }
        }

        /// <summary>Whether a stream read back after a retried create is the one the create made.</summary>
        public static bool IsOurs(StreamInfo existing, string template, DateTimeOffset callStarted) =>
            string.Equals(existing.CreatedFromTemplate, template, StringComparison.Ordinal)
            && existing.CreatedTime >= (callStarted - ClockTolerance).ToUnixTimeMilliseconds();

        /// <summary>
        /// Whether a refused create was refused for a quota (the project's active streams of the template, or its
        /// soft-deleted streams), not because the id is taken: a 409, 400, 403 or 422 whose message speaks of a quota.
        /// </summary>
        public static bool IsQuotaRefusal(CdfApiException e) =>
            e.StatusCode is 400 or 403 or 409 or 422 && e.Message.IndexOf("quota", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
