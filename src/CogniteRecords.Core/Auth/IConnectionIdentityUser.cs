using CogniteRecords.Core.Http;

namespace CogniteRecords.Core.Auth
{
    /// <summary>A token source whose identity requests go through the connection's HTTP stack once it has one.</summary>
    internal interface IConnectionIdentityUser
    {
        void UseConnection(CdfApiClient connection);
    }
}
