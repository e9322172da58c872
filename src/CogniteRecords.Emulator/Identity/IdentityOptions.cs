using System;
using System.Collections.Generic;

namespace CogniteRecords.Emulator.Identity
{
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
}
