using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CogniteRecords.Emulator.Identity
{
    /// <summary>
    /// The emulator's identity side: the HTTPS certificate it makes at start, the tokens it issues and accepts,
    /// and the OIDC identity-provider endpoints.
    /// </summary>
    public sealed partial class EmulatorIdentity : IDisposable
    {
        /// <summary>The JWT "typ" of access tokens, so an id_token (same signing key) is not taken as one.</summary>
        internal const string AccessTokenType = "at+jwt";

        /// <summary>The issuer of tokens made through IssueAccessToken without an OIDC request.</summary>
        public const string DefaultIssuer = "urn:cogniterecords:emulator";

        /// <summary>The audience of tokens made without one being asked for.</summary>
        public const string DefaultAudience = "urn:cogniterecords:emulator:api";

        private readonly RSA _signingRsa;
        private readonly RsaSecurityKey _signingKey;
        private readonly SigningCredentials _signingCredentials;
        private readonly JsonWebTokenHandler _handler = new JsonWebTokenHandler();
        private readonly TokenValidationParameters _validation;

        /// <summary>Makes the certificate and the signing key.</summary>
        public EmulatorIdentity(IdentityOptions options)
        {
            Options = options ?? throw new ArgumentNullException(nameof(options));
            HttpsCertificate = CreateHttpsCertificate();
            CertificatePem = HttpsCertificate.ExportCertificatePem() + "\n";

            _signingRsa = RSA.Create(2048);
            var modulus = _signingRsa.ExportParameters(false).Modulus!;
            SigningKeyId = Base64UrlEncoder.Encode(SHA256.HashData(modulus)).Substring(0, 16);
            _signingKey = new RsaSecurityKey(_signingRsa) { KeyId = SigningKeyId };
            _signingCredentials = new SigningCredentials(_signingKey, SecurityAlgorithms.RsaSha256);
            _validation = new TokenValidationParameters
            {
                IssuerSigningKey = _signingKey,
                ValidateIssuerSigningKey = true,
                // Any issuer of this emulator (the OIDC paths put the request's base address in "iss"); the signature decides.
                ValidateIssuer = false,
                ValidateAudience = false,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                // No skew: expiry tests set short lifetimes and expect the exact edge.
                ClockSkew = TimeSpan.Zero,
                ValidTypes = new[] { AccessTokenType },
                ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 },
            };
            foreach (var client in options.Clients) RegisterClient(client);
        }

        /// <summary>The settings (token lifetime may be changed while running).</summary>
        public IdentityOptions Options { get; }

        /// <summary>A self-signed certificate for 127.0.0.1, ::1 and localhost, made at start.</summary>
        public X509Certificate2 HttpsCertificate { get; }

        /// <summary>The certificate in PEM, for clients to trust (e.g. through SSL_CERT_FILE).</summary>
        public string CertificatePem { get; }

        /// <summary>The "kid" of the token signing key.</summary>
        public string SigningKeyId { get; }

        /// <summary>The clock, replaceable in tests.</summary>
        internal Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

        /// <summary>The JSON Web Key Set with the public signing key (served at the JWKS endpoints).</summary>
        public string JwksJson
        {
            get
            {
                var p = _signingRsa.ExportParameters(false);
                return JsonSerializer.Serialize(new
                {
                    keys = new[]
                    {
                        new
                        {
                            kty = "RSA", use = "sig", alg = "RS256", kid = SigningKeyId,
                            n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent),
                        },
                    },
                });
            }
        }

        /// <summary>Issues a signed JWT (RS256) for the subject and projects.</summary>
        public string IssueAccessToken(string subject, IReadOnlyList<string> projects, TimeSpan? lifetime = null) =>
            IssueAccessToken(subject, projects, lifetime, IssuedAudience, DefaultIssuer, null);

        /// <summary>The audience of a token issued without one asked for: the first cluster URL, else <see cref="DefaultAudience"/>.</summary>
        public string IssuedAudience => Options.ClusterUrls.FirstOrDefault() ?? DefaultAudience;

        private static string NormalizeAudience(string aud) => aud.TrimEnd('/').ToLowerInvariant();

        /// <summary>Null when the token's audiences reach this cluster (or none is configured); else why not.</summary>
        private string? AudienceProblem(JsonWebToken jwt)
        {
            if (Options.ClusterUrls.Count == 0) return null;
            var accepted = Options.ClusterUrls.Concat(Options.OwnUrls.ToArray()).Select(NormalizeAudience).ToHashSet(StringComparer.Ordinal);
            var audiences = jwt.Audiences.ToList();
            if (audiences.Any(a => accepted.Contains(NormalizeAudience(a)))) return null;
            return $"the token was issued for audience '{string.Join("', '", audiences)}', not for this cluster ({string.Join(", ", Options.ClusterUrls)})";
        }

        /// <summary>Issues a signed access token with the given audience, issuer and extra claims.</summary>
        public string IssueAccessToken(string subject, IReadOnlyList<string> projects, TimeSpan? lifetime, string audience, string issuer,
            IDictionary<string, object>? extraClaims)
        {
            if (string.IsNullOrEmpty(subject)) throw new ArgumentException("A subject is required.", nameof(subject));
            var claims = new Dictionary<string, object>
            {
                ["sub"] = subject,
                ["projects"] = (projects ?? Array.Empty<string>()).ToArray(),
                // Unique per token (as real IdPs do): two tokens issued in the same second must differ.
                ["jti"] = Guid.NewGuid().ToString("N"),
            };
            if (extraClaims != null) foreach (var kv in extraClaims) claims[kv.Key] = kv.Value;
            return Sign(claims, AccessTokenType, lifetime ?? Options.TokenLifetime, audience, issuer);
        }

        /// <summary>Signs a JWT with the emulator's key (access tokens and id_tokens).</summary>
        internal string Sign(IDictionary<string, object> claims, string type, TimeSpan lifetime, string audience, string issuer)
        {
            var now = Clock().UtcDateTime;
            var descriptor = new SecurityTokenDescriptor
            {
                Issuer = issuer,
                Audience = audience,
                IssuedAt = now,
                NotBefore = now,
                Expires = now + lifetime,
                Claims = claims,
                SigningCredentials = _signingCredentials,
                TokenType = type,
            };
            return _handler.CreateToken(descriptor);
        }

        /// <summary>The principal of a valid, unexpired token (issued here or fixed); null otherwise, with the reason.</summary>
        public TokenPrincipal? ValidateAccessToken(string token, out string? failureReason)
        {
            failureReason = null;
            if (string.IsNullOrWhiteSpace(token))
            {
                failureReason = "missing token";
                return null;
            }
            if (IsFixedToken(token)) return new TokenPrincipal("fixed-token", Options.Projects.ToArray(), null);

            if (!_handler.CanReadToken(token))
            {
                failureReason = "malformed token";
                return null;
            }
            var parameters = _validation.Clone();
            var now = Clock();
            // The handler's own lifetime check uses the wall clock; check against ours so tests can move time.
            parameters.ValidateLifetime = false;
            var result = _handler.ValidateTokenAsync(token, parameters).GetAwaiter().GetResult();
            if (!result.IsValid)
            {
                failureReason = result.Exception switch
                {
                    SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "invalid signature",
                    SecurityTokenInvalidTypeException => "not an access token",
                    SecurityTokenInvalidAlgorithmException => "invalid signature algorithm",
                    SecurityTokenMalformedException or ArgumentException => "malformed token",
                    _ => "invalid token",
                };
                return null;
            }
            var jwt = (JsonWebToken)result.SecurityToken;
            var expires = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
            if (jwt.ValidTo == DateTime.MinValue)
            {
                failureReason = "token has no expiry";
                return null;
            }
            if (expires <= now)
            {
                failureReason = "token expired";
                return null;
            }
            if (jwt.ValidFrom != DateTime.MinValue && new DateTimeOffset(jwt.ValidFrom, TimeSpan.Zero) > now)
            {
                failureReason = "token not yet valid";
                return null;
            }
            if (AudienceProblem(jwt) is string problem)
            {
                failureReason = problem;
                return null;
            }
            var projects = jwt.TryGetPayloadValue<string[]>("projects", out var p) && p != null ? p : Array.Empty<string>();
            return new TokenPrincipal(jwt.Subject, projects, expires);
        }

        private bool IsFixedToken(string token)
        {
            var bytes = Encoding.UTF8.GetBytes(token);
            var found = false;
            foreach (var fixedToken in Options.FixedTokens.ToArray())
                found |= CryptographicOperations.FixedTimeEquals(bytes, Encoding.UTF8.GetBytes(fixedToken));
            return found;
        }

        private static X509Certificate2 CreateHttpsCertificate()
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=CogniteRecords Emulator", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(
                X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                new OidCollection { new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication") }, false));
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddIpAddress(IPAddress.IPv6Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

            var now = DateTimeOffset.UtcNow;
            using var ephemeral = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
            // Re-import through PKCS#12 so the private key is a plain loaded key that Kestrel (and SslStream) can use on any OS.
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }

        // Where Linux distributions (and macOS) keep OpenSSL's default CA bundle.
        private static readonly string[] SystemBundles =
        {
            "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/ca-bundle.pem", "/etc/ssl/cert.pem",
        };

        /// <summary>
        /// Writes a PEM bundle of the system's CA certificates followed by this emulator's certificate, for a client process to
        /// trust through <c>SSL_CERT_FILE</c> (read by .NET on Linux at start, so set it before the process starts).
        /// </summary>
        public void WriteTrustBundle(string path)
        {
            var builder = new StringBuilder();
            var system = Environment.GetEnvironmentVariable("SSL_CERT_FILE");
            var source = !string.IsNullOrEmpty(system) && System.IO.File.Exists(system) ? system : SystemBundles.FirstOrDefault(System.IO.File.Exists);
            if (source != null) builder.Append(System.IO.File.ReadAllText(source)).Append('\n');
            builder.Append(CertificatePem);
            System.IO.File.WriteAllText(path, builder.ToString());
        }

        /// <summary>Releases the keys.</summary>
        public void Dispose()
        {
            HttpsCertificate.Dispose();
            _signingRsa.Dispose();
        }
    }
}
