using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CogniteRecords.Core.Tests
{
    /// <summary>Counts the requests the client sends (attempts, retries included), whether or not a server answers.</summary>
    public sealed class CountingHandler : DelegatingHandler
    {
        private int _sent;
        public CountingHandler(HttpMessageHandler inner) : base(inner) { }
        public int Sent => Volatile.Read(ref _sent);
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sent);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
