using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;

namespace CogniteRecords.Core.Auth
{
    /// <summary>Checks each identity request's URL before it is sent and refuses every redirect in the answer.</summary>
    internal sealed class IdentityGuardHandler : DelegatingHandler
    {
        public IdentityGuardHandler(HttpMessageHandler inner) : base(inner) { }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var url = request.RequestUri!;
            if (!IdentityHttp.IsSafeForSecrets(url))
            {
                throw new IdentityRedirectRefusedException(
                    $"Refusing to send an identity request to '{url.GetLeftPart(UriPartial.Authority)}': credentials go over https only (plain http only to a loopback address).");
            }
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status >= 300 && status < 400)
            {
                var location = response.Headers.Location;
                var target = location == null ? "no Location" : "'" + Shorten(Redaction.Clean((location.IsAbsoluteUri ? location : new Uri(url, location)).GetLeftPart(UriPartial.Path))) + "'";
                var reason = response.ReasonPhrase;
                response.Dispose();
                throw new IdentityRedirectRefusedException(
                    $"The identity endpoint {request.Method} {url.GetLeftPart(UriPartial.Path)} answered {status} {reason}, redirecting to {target}. " +
                    "Identity requests follow no redirect, so the credentials were not sent there: give the final token URL or authority directly.");
            }
            return response;
        }

        private static string Shorten(string s) => s.Length <= 200 ? s : s.Substring(0, 200) + "…";
    }
}
