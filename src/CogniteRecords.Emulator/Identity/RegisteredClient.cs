using System;
using System.Collections.Generic;

namespace CogniteRecords.Emulator.Identity
{
    /// <summary>An OAuth client registered with the emulator's identity provider.</summary>
    public sealed class RegisteredClient
    {
        /// <summary>Creates a client registration.</summary>
        public RegisteredClient(string clientId) => ClientId = clientId ?? throw new ArgumentNullException(nameof(clientId));

        /// <summary>The client id (application id).</summary>
        public string ClientId { get; }

        /// <summary>The client secret, if the client authenticates with one. Never logged.</summary>
        public string? ClientSecret { get; set; }

        /// <summary>A certificate (PEM, public part) that verifies the client's signed assertions.</summary>
        public string? CertificatePem { get; set; }

        /// <summary>The projects the client's tokens may reach; empty means the emulator's configured projects.</summary>
        public IList<string> Projects { get; set; } = new List<string>();

        /// <summary>Whether the client is a public client (device code, no secret needed).</summary>
        public bool IsPublic => ClientSecret == null && CertificatePem == null;

        /// <summary>Parses a CLI value "clientId[:secret]".</summary>
        public static RegisteredClient Parse(string value)
        {
            if (string.IsNullOrWhiteSpace(value)) throw new FormatException("A client must be given as clientId or clientId:secret.");
            var colon = value.IndexOf(':');
            return colon < 0
                ? new RegisteredClient(value)
                : new RegisteredClient(value.Substring(0, colon)) { ClientSecret = value.Substring(colon + 1) };
        }

        /// <summary>Never shows the secret.</summary>
        public override string ToString() => $"RegisteredClient({ClientId})";
    }
}
