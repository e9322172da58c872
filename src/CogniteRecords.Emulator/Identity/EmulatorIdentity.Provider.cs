using System;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CogniteRecords.Emulator.Identity
{
    public sealed partial class EmulatorIdentity
    {
        private readonly ConcurrentDictionary<string, RegisteredClient> _clients = new ConcurrentDictionary<string, RegisteredClient>(StringComparer.Ordinal);

        /// <summary>Registers (or replaces) an OAuth client.</summary>
        public void RegisterClient(RegisteredClient client)
        {
            if (client == null) throw new ArgumentNullException(nameof(client));
            _clients[client.ClientId] = client;
        }

        /// <summary>Maps the identity provider's endpoints (discovery, JWKS, token, device code, and its admin calls).</summary>
        public void MapEndpoints(IEndpointRouteBuilder endpoints)
        {
            endpoints.MapGet("/.well-known/jwks.json", () => Results.Text(JwksJson, "application/json"));
            endpoints.MapGet("/{tenant}/discovery/v2.0/keys", (string tenant) => Results.Text(JwksJson, "application/json"));
        }
    }
}
