using System;
using System.Net.Http;
using System.Threading.Tasks;
using CogniteRecords.Core.Auth;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Sync;
using Xunit;

namespace CogniteRecords.Core.Tests
{
    /// <summary>
    /// Issue 16: an expired cursor is CursorExpired whatever the 400's wording, when the message names the cursor and the
    /// sync sent one (cursor lifetime and its error text are not documented for records). Other 400s stay InvalidRequest.
    /// </summary>
    [Collection("hostile")]
    public sealed class CursorExpiryWordingTests
    {
        private static async Task<(CdfApiException Error, int Requests)> SyncAsync(string message, string? cursor, string? initializeCursor)
        {
            await using var server = await HostileServer.StartAsync((ctx, n) =>
                HostileServer.Json(ctx, "{\"error\":{\"code\":400,\"message\":" + System.Text.Json.JsonSerializer.Serialize(message) + "}}", 400));
            using var client = new CdfApiClient(new CdfClientOptions
            {
                BaseUrl = server.BaseUrl,
                Project = HostileServer.Project,
                MaxRetries = 3,
                RetryDelay = TimeSpan.FromMilliseconds(10),
            }, new StaticTokenSource(HostileServer.Token), new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
            var reader = SyncEngine.Open(client, new SyncRequest("s") { Cursor = cursor, InitializeCursor = initializeCursor }, null, null, null);
            var e = await Assert.ThrowsAsync<CdfApiException>(async () => { while (await reader.ReadNextAsync(default) != null) { } });
            return (e, server.Requests);
        }

        [Theory]
        [InlineData("Cursor has expired")]
        [InlineData("The cursor is too old. Start again.")]
        [InlineData("Invalid cursor")]
        [InlineData("'cursor' is no longer valid")]
        [InlineData("Expired CURSOR: restart the sync")]
        [InlineData("Request failed: cursors older than 7 days are not kept")]
        public async Task A_400_naming_the_cursor_on_a_resumed_sync_is_CursorExpired(string message)
        {
            var (e, requests) = await SyncAsync(message, cursor: "c-kept-from-last-run", initializeCursor: null);
            Assert.Equal(CdfErrorKind.CursorExpired, e.Kind);
            Assert.Equal(400, e.StatusCode);
            Assert.Contains(message, e.Message);   // the service's words are kept
            Assert.Equal(1, requests);             // a 400 is never retried
        }

        [Theory]
        [InlineData("Invalid filter: 'in' needs 1-100 values")]
        [InlineData("'initializeCursor' must look like '<n>(m|h|d)-ago'")]
        [InlineData("nextCursor handling failed")]
        public async Task A_400_that_does_not_name_the_cursor_stays_InvalidRequest(string message)
        {
            var (e, requests) = await SyncAsync(message, cursor: "c-kept-from-last-run", initializeCursor: null);
            Assert.Equal(CdfErrorKind.InvalidRequest, e.Kind);
            Assert.Equal(1, requests);
        }

        [Fact]
        public async Task A_400_naming_the_cursor_on_a_sync_started_from_initializeCursor_stays_InvalidRequest()
        {
            // No cursor was sent: nothing can have expired, and "forget the cursor" would be the wrong advice.
            var (e, _) = await SyncAsync("Invalid cursor", cursor: null, initializeCursor: "1d-ago");
            Assert.Equal(CdfErrorKind.InvalidRequest, e.Kind);
        }

        [Theory]
        [InlineData("Cursor has expired", true)]
        [InlineData("the cursor is gone", true)]
        [InlineData("(cursor) refused", true)]
        [InlineData("initializeCursor is wrong", false)]
        [InlineData("precursor", false)]
        [InlineData(null, false)]
        [InlineData("", false)]
        public void MentionsCursor_finds_the_word_not_a_longer_name(string? message, bool expected) =>
            Assert.Equal(expected, CdfApiException.MentionsCursor(message));
    }
}
