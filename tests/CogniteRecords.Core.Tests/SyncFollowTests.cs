using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Auth;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Core.Tests
{
    /// <summary>Follow mode of the engine against the emulator.</summary>
    [Collection("engine")]
    public class SyncFollowTests : IClassFixture<CoreEmulator>
    {
        private readonly CoreEmulator _emu;

        public SyncFollowTests(CoreEmulator emu) => _emu = emu;

        private CdfApiClient Client() => new CdfApiClient(new CdfClientOptions
        {
            BaseUrl = new Uri(_emu.Host.HttpUrl),
            Project = CoreEmulator.Project,
            RetryDelay = TimeSpan.FromMilliseconds(5),
        }, new StaticTokenSource(CoreEmulator.Token));

        [Fact]
        public void Poll_intervals_out_of_range_are_refused_before_any_request()
        {
            foreach (var bad in new[] { TimeSpan.Zero, TimeSpan.FromMilliseconds(99), TimeSpan.FromDays(2) })
            {
                var request = new SyncRequest("seeded") { InitializeCursor = "1d-ago", Follow = true, PollInterval = bad };
                Assert.Equal("InvalidPollInterval", Assert.Throws<CdfArgumentException>(() => request.Validate()).ErrorId);
            }
        }

        [Fact]
        public async Task Keeps_polling_after_catching_up_picks_up_new_records_and_its_wait_ends_at_once_on_cancel()
        {
            await _emu.SetFaultsAsync("");
            using var client = Client();
            var stream = "follow-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            await SeedAsync(stream, 30, 0);
            var request = new SyncRequest(stream) { InitializeCursor = "1d-ago", PageSize = 20, Follow = true, PollInterval = TimeSpan.FromMilliseconds(200) };
            var reader = SyncEngine.Open(client, request, null, null, null);

            var first = await reader.ReadNextAsync(CancellationToken.None);
            var second = await reader.ReadNextAsync(CancellationToken.None);
            Assert.Equal(20, first!.Items.Count);
            Assert.True(first.HasNext);
            Assert.Equal(10, second!.Items.Count);
            Assert.False(second.HasNext);
            Assert.False(reader.IsDone);

            // Caught up: the next read waits a poll interval, then asks again and gets what came meanwhile.
            await SeedAsync(stream, 5, 30);
            var third = await reader.ReadNextAsync(CancellationToken.None);
            Assert.Equal(Enumerable.Range(30, 5).Select(n => $"rec-{n:D8}"), third!.Items.Select(i => i.ExternalId));

            // An idle poll returns an empty page with a cursor to keep.
            var idle = await reader.ReadNextAsync(CancellationToken.None);
            Assert.Empty(idle!.Items);
            Assert.False(string.IsNullOrEmpty(idle.NextCursor));

            // A long wait is cancelled at once.
            request.PollInterval = TimeSpan.FromHours(1);
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            var waiting = reader.ReadNextAsync(cancel.Token);
            var finished = await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(30)));
            Assert.Same(waiting, finished);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        }

        [Fact]
        public async Task Stops_at_MaxRecords_even_when_following()
        {
            await _emu.SetFaultsAsync("");
            using var client = Client();
            var request = new SyncRequest("seeded") { InitializeCursor = "1d-ago", PageSize = 1000, Follow = true, MaxRecords = 1500 };
            var reader = SyncEngine.Open(client, request, null, null, null);
            var count = 0;
            while (await reader.ReadNextAsync(CancellationToken.None) is SyncPage page) count += page.Items.Count;
            Assert.Equal(1500, count);
            Assert.True(reader.IsDone);
        }

        private async Task SeedAsync(string stream, int records, int firstIndex)
        {
            var body = $"{{\"project\":\"{CoreEmulator.Project}\",\"stream\":\"{stream}\",\"records\":{records},\"properties\":2,\"firstIndex\":{firstIndex}}}";
            (await _emu.Admin.PostAsync(_emu.Host.HttpUrl + "/_emulator/seed", new StringContent(body, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        }
    }
}
