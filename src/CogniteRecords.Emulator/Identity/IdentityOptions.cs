using System;
using System.Collections.Generic;

namespace CogniteRecords.Emulator.Identity
{
    /// <summary>Who a valid access token speaks for.</summary>
    public sealed record TokenPrincipal(string Subject, IReadOnlyList<string> Projects, DateTimeOffset? ExpiresOn);

    /// <summary>Settings of the emulator's identity side: token lifetime, projects, fixed tokens, registered clients.</summary>
    public sealed class IdentityOptions
    {
        private long _tokenLifetimeTicks = TimeSpan.FromHours(1).Ticks;

        /// <summary>Lifetime of the tokens the emulator issues. May be changed while running (expiry tests).</summary>
        public TimeSpan TokenLifetime
        {
            get => TimeSpan.FromTicks(System.Threading.Interlocked.Read(ref _tokenLifetimeTicks));
            set
            {
                if (value <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(value), "TokenLifetime must be positive.");
                System.Threading.Interlocked.Exchange(ref _tokenLifetimeTicks, value.Ticks);
            }
        }

        /// <summary>The projects every issued token may reach (unless the client names its own).</summary>
        public IList<string> Projects { get; } = new List<string>();

        /// <summary>Fixed bearer tokens accepted as they are (subject "fixed-token"), for all configured projects.</summary>
        public IList<string> FixedTokens { get; } = new List<string>();

        /// <summary>
        /// OAuth clients known at start (more can be registered at run time through <c>POST /_emulator/clients</c>).
        /// </summary>
        public IList<RegisteredClient> Clients { get; } = new List<RegisteredClient>();

        /// <summary>
        /// The cluster URLs the emulator stands for (--cluster-url), e.g. https://westeurope-1.cognitedata.com. When
        /// there are any, the API accepts only issued tokens whose audience is one of them or one of the emulator's own
        /// URLs (<see cref="OwnUrls"/>), as CDF checks a token was issued for its cluster; tokens issued without an
        /// asked-for audience carry the first. Empty (the default): audiences are not checked.
        /// </summary>
        public IList<string> ClusterUrls { get; } = new List<string>();

        /// <summary>The emulator's own base URLs (set when it listens): tokens for them are for this cluster too.</summary>
        public IList<string> OwnUrls { get; } = new List<string>();

        /// <summary>
        /// The user a device-code sign-in is approved as when the approval does not name one.
        /// </summary>
        public string DefaultUser { get; set; } = "user@emulator.local";
    }

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
