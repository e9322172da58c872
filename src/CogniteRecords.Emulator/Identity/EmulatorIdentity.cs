using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Routing;

namespace CogniteRecords.Emulator.Identity
{
    /// <summary>Who a valid access token speaks for.</summary>
    public sealed record TokenPrincipal(string Subject, IReadOnlyList<string> Projects, DateTimeOffset? ExpiresOn);

    public sealed class IdentityOptions
    {
        /// <summary>Lifetime of the tokens the emulator issues.</summary>
        public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);
        /// <summary>The projects every issued token may reach.</summary>
        public IList<string> Projects { get; } = new List<string>();
        /// <summary>Fixed bearer tokens accepted as they are (subject "fixed-token"), for all configured projects.</summary>
        public IList<string> FixedTokens { get; } = new List<string>();
    }

    /// <summary>
    /// The emulator's identity side: the HTTPS certificate it makes at start, the tokens it issues and accepts,
    /// and the OIDC identity-provider endpoints. STUB: owned by the identity work; replaced there.
    /// </summary>
    public sealed class EmulatorIdentity
    {
        public EmulatorIdentity(IdentityOptions options) => Options = options;

        public IdentityOptions Options { get; }

        /// <summary>A self-signed certificate for 127.0.0.1 and localhost, made at start.</summary>
        public X509Certificate2 HttpsCertificate => throw new NotImplementedException();

        /// <summary>The certificate in PEM, for clients to trust (e.g. through SSL_CERT_FILE).</summary>
        public string CertificatePem => throw new NotImplementedException();

        /// <summary>Issues a signed JWT (RS256) for the subject and projects.</summary>
        public string IssueAccessToken(string subject, IReadOnlyList<string> projects, TimeSpan? lifetime = null) => throw new NotImplementedException();

        /// <summary>The principal of a valid, unexpired token (issued here or fixed); null otherwise, with the reason.</summary>
        public TokenPrincipal? ValidateAccessToken(string token, out string? failureReason) => throw new NotImplementedException();

        /// <summary>Maps the identity provider's endpoints (discovery, JWKS, token, device code, and its admin calls).</summary>
        public void MapEndpoints(IEndpointRouteBuilder endpoints) { }
    }
}
