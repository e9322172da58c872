using System;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using CogniteRecords.Emulator.Identity;

namespace CogniteRecords.Emulator.Tests
{
    public sealed class IdentityTokenTests : IDisposable
    {
        private readonly IdentityOptions _options = new IdentityOptions();
        private readonly EmulatorIdentity _identity;

        public IdentityTokenTests()
        {
            _options.Projects.Add("proj-a");
            _options.FixedTokens.Add("fixed-secret-token");
            _identity = new EmulatorIdentity(_options);
        }

        public void Dispose() => _identity.Dispose();

        [Fact]
        public void IssuedTokenValidatesWithSubjectProjectsAndExpiry()
        {
            var before = DateTimeOffset.UtcNow;
            var token = _identity.IssueAccessToken("svc-1", new[] { "p1", "p2" }, TimeSpan.FromMinutes(5));

            var principal = _identity.ValidateAccessToken(token, out var reason);

            Assert.Null(reason);
            Assert.NotNull(principal);
            Assert.Equal("svc-1", principal!.Subject);
            Assert.Equal(new[] { "p1", "p2" }, principal.Projects);
            Assert.NotNull(principal.ExpiresOn);
            // exp is whole seconds: allow for the truncation either side.
            Assert.InRange(principal.ExpiresOn!.Value, before.AddMinutes(5).AddSeconds(-2), DateTimeOffset.UtcNow.AddMinutes(5).AddSeconds(1));
        }

        [Fact]
        public void IssuedTokenIsRs256WithKidAndStandardClaims()
        {
            var token = _identity.IssueAccessToken("svc-1", new[] { "p1" });
            var parts = token.Split('.');
            Assert.Equal(3, parts.Length);
            using var header = JsonDocument.Parse(Base64UrlDecode(parts[0]));
            using var payload = JsonDocument.Parse(Base64UrlDecode(parts[1]));
            Assert.Equal("RS256", header.RootElement.GetProperty("alg").GetString());
            Assert.Equal(_identity.SigningKeyId, header.RootElement.GetProperty("kid").GetString());
            foreach (var claim in new[] { "iss", "sub", "aud", "exp", "nbf", "iat" })
                Assert.True(payload.RootElement.TryGetProperty(claim, out _), $"claim {claim} missing");
            Assert.Equal(JsonValueKind.Array, payload.RootElement.GetProperty("projects").ValueKind);

            // The JWKS carries the same kid.
            using var jwks = JsonDocument.Parse(_identity.JwksJson);
            Assert.Equal(_identity.SigningKeyId, jwks.RootElement.GetProperty("keys")[0].GetProperty("kid").GetString());
        }

        [Fact]
        public void ExpiredTokenIsRefusedAsExpired()
        {
            var token = _identity.IssueAccessToken("svc-1", new[] { "p1" }, TimeSpan.FromMinutes(1));
            _identity.Clock = () => DateTimeOffset.UtcNow.AddMinutes(2);

            Assert.Null(_identity.ValidateAccessToken(token, out var reason));
            Assert.Equal("token expired", reason);
        }

        [Fact]
        public void TamperedTokenIsRefusedAsInvalidSignature()
        {
            var token = _identity.IssueAccessToken("svc-1", new[] { "p1" });
            var parts = token.Split('.');
            var payload = Base64UrlDecode(parts[1]).Replace("\"p1\"", "\"p9\"");
            var tampered = parts[0] + "." + Base64UrlEncode(payload) + "." + parts[2];

            Assert.Null(_identity.ValidateAccessToken(tampered, out var reason));
            Assert.Equal("invalid signature", reason);
        }

        [Fact]
        public void TokenFromAnotherEmulatorIsRefused()
        {
            using var other = new EmulatorIdentity(new IdentityOptions());
            var token = other.IssueAccessToken("svc-1", new[] { "p1" });

            Assert.Null(_identity.ValidateAccessToken(token, out var reason));
            Assert.Equal("invalid signature", reason);
        }

        [Theory]
        [InlineData("not-a-jwt")]
        [InlineData("a.b.c")]
        public void GarbageIsMalformed(string token)
        {
            Assert.Null(_identity.ValidateAccessToken(token, out var reason));
            Assert.Equal("malformed token", reason);
        }

        [Fact]
        public void FixedTokenGivesConfiguredProjects()
        {
            var principal = _identity.ValidateAccessToken("fixed-secret-token", out var reason);
            Assert.Null(reason);
            Assert.Equal("fixed-token", principal!.Subject);
            Assert.Equal(new[] { "proj-a" }, principal.Projects);
            Assert.Null(_identity.ValidateAccessToken("fixed-secret-token2", out _));
        }

        [Fact]
        public void CertificateCoversLoopbackNamesForServerAuthAndHasKey()
        {
            var cert = _identity.HttpsCertificate;
            Assert.True(cert.HasPrivateKey);
            Assert.True(cert.MatchesHostname("localhost"));
            Assert.True(cert.MatchesHostname("127.0.0.1"));
            Assert.True(cert.MatchesHostname("::1"));
            Assert.False(cert.MatchesHostname("example.org"));
            var eku = cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
            Assert.Contains(eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>(), o => o.Value == "1.3.6.1.5.5.7.3.1");

            using var fromPem = X509Certificate2.CreateFromPem(_identity.CertificatePem);
            Assert.Equal(cert.Thumbprint, fromPem.Thumbprint);
        }

        private static string Base64UrlDecode(string s)
        {
            s = s.Replace('-', '+').Replace('_', '/');
            s = s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
            return Encoding.UTF8.GetString(Convert.FromBase64String(s));
        }

        private static string Base64UrlEncode(string s) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
