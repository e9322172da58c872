using System.Net.Http;

namespace CogniteRecords.Core.Auth
{
    /// <summary>A redirect an identity endpoint answered and the module refused to follow.</summary>
    public sealed class IdentityRedirectRefusedException : HttpRequestException
    {
        public IdentityRedirectRefusedException(string message) : base(message) { }
    }
}
