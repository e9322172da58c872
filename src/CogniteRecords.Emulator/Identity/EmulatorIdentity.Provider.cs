using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CogniteRecords.Emulator.Identity
{
    public sealed partial class EmulatorIdentity
    {
        private const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        private const string DeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";
        private static readonly string[] OidcScopes = { "openid", "profile", "offline_access", "email" };

        private readonly ConcurrentDictionary<string, RegisteredClient> _clients = new ConcurrentDictionary<string, RegisteredClient>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, DeviceAuthorization> _deviceCodes = new ConcurrentDictionary<string, DeviceAuthorization>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, RefreshGrant> _refreshTokens = new ConcurrentDictionary<string, RefreshGrant>(StringComparer.Ordinal);
        private readonly ConcurrentQueue<TokenRequestRecord> _tokenRequests = new ConcurrentQueue<TokenRequestRecord>();

        /// <summary>How often device-code clients are told to poll (seconds). Short by default: this is a test server.</summary>
        public int DeviceCodePollIntervalSeconds { get; set; } = 1;

        /// <summary>How long a device code stays valid.</summary>
        public TimeSpan DeviceCodeLifetime { get; set; } = TimeSpan.FromMinutes(15);

        /// <summary>Registers (or replaces) an OAuth client.</summary>
        public void RegisterClient(RegisteredClient client)
        {
            if (client == null) throw new ArgumentNullException(nameof(client));
            if (string.IsNullOrWhiteSpace(client.ClientId)) throw new ArgumentException("clientId is required.", nameof(client));
            if (client.CertificatePem != null)
            {
                // Refuse a bad certificate at registration, not at the first sign-in.
                using var _ = LoadCertificate(client.CertificatePem);
            }
            _clients[client.ClientId] = client;
        }

        /// <summary>The registered client ids.</summary>
        public IReadOnlyList<string> ClientIds => _clients.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();

        /// <summary>Every token request received so far (oldest first), without secrets.</summary>
        public IReadOnlyList<TokenRequestRecord> TokenRequests => _tokenRequests.ToArray();

        /// <summary>Device-code sign-ins not yet redeemed.</summary>
        public IReadOnlyList<DeviceCodeInfo> DeviceCodes =>
            _deviceCodes.Values.Where(d => d.State != DeviceState.Redeemed)
                .OrderBy(d => d.Created)
                .Select(d => new DeviceCodeInfo(d.UserCode, d.ClientId, d.Scope, StateOf(d), d.ExpiresOn)).ToArray();

        /// <summary>Approves a pending device-code sign-in as <paramref name="user"/>; false if no such pending code.</summary>
        public bool ApproveDeviceCode(string userCode, string? user = null, IReadOnlyList<string>? projects = null) =>
            FinishDeviceCode(userCode, DeviceState.Approved, user, projects);

        /// <summary>Denies a pending device-code sign-in; false if no such pending code.</summary>
        public bool DenyDeviceCode(string userCode) => FinishDeviceCode(userCode, DeviceState.Denied, null, null);

        /// <summary>Maps the identity provider's endpoints (discovery, JWKS, token, device code, and its admin calls).</summary>
        public void MapEndpoints(IEndpointRouteBuilder endpoints)
        {
            // Generic OIDC provider (Cognite IdP / Auth0 / Keycloak style) at the root.
            endpoints.MapGet("/.well-known/openid-configuration", (HttpRequest r) => Json(Discovery(BaseUrl(r), BaseUrl(r), "/oauth2/token",
                "/oauth2/device/code", "/oauth2/authorize", "/.well-known/jwks.json")));
            endpoints.MapGet("/.well-known/jwks.json", () => Results.Text(JwksJson, "application/json"));
            endpoints.MapPost("/oauth2/token", (Delegate)((HttpContext c) => TokenAsync(c, null)));
            endpoints.MapPost("/oauth2/device/code", (Delegate)((HttpContext c) => DeviceAuthorizationAsync(c, null)));
            endpoints.MapGet("/oauth2/authorize", (HttpRequest r) => Authorize(r, null));
            endpoints.MapGet("/devicelogin", () => Results.Text(
                "This is the CogniteRecords emulator. Device-code sign-ins are approved with POST /_emulator/devicecode/approve {\"userCode\": \"...\"}.\n",
                "text/plain"));

            // Entra ID style under /{tenant}/ (v2.0 endpoints).
            endpoints.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (HttpRequest r, string tenant) =>
            {
                var b = BaseUrl(r) + "/" + tenant;
                return Json(Discovery(b + "/v2.0", BaseUrl(r), "/" + tenant + "/oauth2/v2.0/token", "/" + tenant + "/oauth2/v2.0/devicecode",
                    "/" + tenant + "/oauth2/v2.0/authorize", "/" + tenant + "/discovery/v2.0/keys"));
            });
            endpoints.MapGet("/{tenant}/discovery/v2.0/keys", (string tenant) => Results.Text(JwksJson, "application/json"));
            endpoints.MapPost("/{tenant}/oauth2/v2.0/token", (HttpContext c, string tenant) => TokenAsync(c, tenant));
            endpoints.MapPost("/{tenant}/oauth2/v2.0/devicecode", (HttpContext c, string tenant) => DeviceAuthorizationAsync(c, tenant));
            endpoints.MapGet("/{tenant}/oauth2/v2.0/authorize", (HttpRequest r, string tenant) => Authorize(r, tenant));

            // Admin calls (test control), under the emulator's admin prefix.
            endpoints.MapPost("/_emulator/clients", (Delegate)RegisterClientAsync);
            endpoints.MapGet("/_emulator/clients", () => Results.Json(new { items = ClientIds }));
            endpoints.MapGet("/_emulator/devicecode", () => Results.Json(new { items = DeviceCodes }, WebJson));
            endpoints.MapPost("/_emulator/devicecode/approve", (Delegate)((HttpContext c) => FinishDeviceCodeAsync(c, DeviceState.Approved)));
            endpoints.MapPost("/_emulator/devicecode/deny", (Delegate)((HttpContext c) => FinishDeviceCodeAsync(c, DeviceState.Denied)));
            endpoints.MapGet("/_emulator/identity/requests", () => Results.Json(new { items = TokenRequests }, WebJson));
            endpoints.MapGet("/_emulator/identity/settings", () => Results.Json(Settings(), WebJson));
            endpoints.MapPost("/_emulator/identity/settings", (Delegate)UpdateSettingsAsync);
            endpoints.MapGet("/_emulator/identity/certificate", () => Results.Text(CertificatePem, "application/x-pem-file"));
        }

        private static readonly JsonSerializerOptions WebJson = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        private static IResult Json(object value) => Results.Json(value);

        private static string BaseUrl(HttpRequest r) => r.Scheme + "://" + r.Host.Value;

        private static object Discovery(string issuer, string baseUrl, string token, string device, string authorize, string jwks) => new Dictionary<string, object>
        {
            ["issuer"] = issuer,
            ["token_endpoint"] = baseUrl + token,
            ["device_authorization_endpoint"] = baseUrl + device,
            ["authorization_endpoint"] = baseUrl + authorize,
            ["jwks_uri"] = baseUrl + jwks,
            ["response_types_supported"] = new[] { "code", "id_token", "token" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic", "private_key_jwt" },
            ["grant_types_supported"] = new[] { "client_credentials", DeviceCodeGrant, "authorization_code", "refresh_token" },
            ["code_challenge_methods_supported"] = new[] { "S256", "plain" },
            ["scopes_supported"] = OidcScopes,
        };

        private object Settings() => new
        {
            tokenLifetimeSeconds = (long)Options.TokenLifetime.TotalSeconds,
            deviceCodePollIntervalSeconds = DeviceCodePollIntervalSeconds,
            projects = Options.Projects.ToArray(),
        };

        // ---------------------------------------------------------------- token endpoint

        private async Task<IResult> TokenAsync(HttpContext context, string? tenant)
        {
            var request = context.Request;
            if (!request.HasFormContentType)
                return Record(request, null, null, null, null, null,
                    OAuthError(400, "invalid_request", "The token request must be application/x-www-form-urlencoded."));
            var form = await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            var grantType = Value(form, "grant_type");
            var scope = Value(form, "scope");
            var audience = Value(form, "audience");
            var (clientId, secret, fromHeader) = ClientCredentialsOf(request, form);
            var assertion = Value(form, "client_assertion");
            var assertionType = Value(form, "client_assertion_type");
            var clientAuthentication = assertion != null ? "client_assertion" : secret != null ? (fromHeader ? "client_secret_basic" : "client_secret_post") : "none";

            IResult Done(IResult result, string? error) =>
                Record(request, grantType, clientId, clientAuthentication, scope, audience, result, error);

            if (string.IsNullOrEmpty(grantType))
                return Done(OAuthError(400, "invalid_request", "The request body must include 'grant_type'."), "invalid_request");
            if (string.IsNullOrEmpty(clientId))
                return Done(OAuthError(400, "invalid_request", "The request body must include 'client_id'."), "invalid_request");
            if (!_clients.TryGetValue(clientId!, out var client))
                return Done(OAuthError(401, "invalid_client", $"Application with identifier '{clientId}' was not found in the directory."), "invalid_client");

            var tokenEndpoint = BaseUrl(request) + request.Path.Value;
            var issuer = tenant == null ? BaseUrl(request) : BaseUrl(request) + "/" + tenant + "/v2.0";

            // Client authentication: a secret or a signed assertion when presented (and always for client_credentials).
            var presented = secret != null || assertion != null;
            if (presented || grantType == "client_credentials")
            {
                var failure = AuthenticateClient(client, secret, assertion, assertionType, tokenEndpoint, issuer);
                if (failure != null) return Done(OAuthError(401, "invalid_client", failure), "invalid_client");
            }

            switch (grantType)
            {
                case "client_credentials":
                    return ClientCredentials(client, tenant, issuer, scope, audience, Done);
                case DeviceCodeGrant:
                case "device_code": // Entra ID's short form, which MSAL sends to Entra-style authorities
                    return RedeemDeviceCode(client, Value(form, "device_code"), issuer, form, Done);
                case "authorization_code":
                    return RedeemAuthorizationCode(client, form, issuer, Done);
                case "refresh_token":
                    return Refresh(client, Value(form, "refresh_token"), scope, issuer, Done);
                default:
                    return Done(OAuthError(400, "unsupported_grant_type", $"The grant type '{grantType}' is not supported."), "unsupported_grant_type");
            }
        }

        private IResult ClientCredentials(RegisteredClient client, string? tenant, string issuer, string? scope, string? audience,
            Func<IResult, string?, IResult> done)
        {
            string aud;
            var scopes = SplitScopes(scope);
            if (tenant != null)
            {
                // Entra ID: exactly one resource, asked for as "{resource}/.default".
                if (scopes.Length != 1 || !scopes[0].EndsWith("/.default", StringComparison.Ordinal))
                    return done(OAuthError(400, "invalid_scope",
                        "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier."), "invalid_scope");
                aud = scopes[0].Substring(0, scopes[0].Length - "/.default".Length);
            }
            else
            {
                aud = audience ?? (scopes.Length > 0 ? TrimDefault(scopes[0]) : IssuedAudience);
            }

            var projects = ProjectsOf(client);
            var extra = new Dictionary<string, object> { ["azp"] = client.ClientId, ["idtyp"] = "app" };
            if (tenant != null) extra["tid"] = TenantIdOf(tenant);
            if (scopes.Length > 0 && tenant == null) extra["scope"] = string.Join(" ", scopes);
            var lifetime = Options.TokenLifetime;
            var token = IssueAccessToken(client.ClientId, projects, lifetime, aud, issuer, extra);
            return done(TokenResponse(token, lifetime, scope: tenant == null ? scope : scopes[0]), null);
        }

        private IResult RedeemDeviceCode(RegisteredClient client, string? deviceCode, string issuer, IFormCollection form,
            Func<IResult, string?, IResult> done)
        {
            if (string.IsNullOrEmpty(deviceCode))
                return done(OAuthError(400, "invalid_request", "The request body must include 'device_code'."), "invalid_request");
            if (!_deviceCodes.TryGetValue(deviceCode!, out var auth) || auth.ClientId != client.ClientId)
                return done(OAuthError(400, "invalid_grant", "The device code is not valid."), "invalid_grant");

            lock (auth)
            {
                if (auth.State == DeviceState.Pending && Clock() >= auth.ExpiresOn) auth.State = DeviceState.Expired;
                switch (auth.State)
                {
                    case DeviceState.Pending:
                        return done(OAuthError(400, "authorization_pending", "The user has not yet finished signing in."), "authorization_pending");
                    case DeviceState.Denied:
                        return done(OAuthError(400, "access_denied", "The user declined the sign-in."), "access_denied");
                    case DeviceState.Expired:
                        return done(OAuthError(400, "expired_token", "The device code has expired."), "expired_token");
                    case DeviceState.Redeemed:
                        return done(OAuthError(400, "invalid_grant", "The device code has already been used."), "invalid_grant");
                }
                auth.State = DeviceState.Redeemed;
            }
            var wantClientInfo = auth.Tenant != null || Value(form, "client_info") == "1";
            var grant = new RefreshGrant(client.ClientId, auth.User!, auth.Tenant, auth.Scope, auth.Projects!);
            return done(UserTokens(grant, issuer, wantClientInfo), null);
        }

        private IResult Refresh(RegisteredClient client, string? refreshToken, string? scope, string issuer, Func<IResult, string?, IResult> done)
        {
            if (string.IsNullOrEmpty(refreshToken) || !_refreshTokens.TryRemove(refreshToken!, out var grant))
                return done(OAuthError(400, "invalid_grant", "The refresh token is not valid or has been used."), "invalid_grant");
            if (grant.ClientId != client.ClientId)
                return done(OAuthError(400, "invalid_grant", "The refresh token was issued to another client."), "invalid_grant");
            // A narrower or equal scope may be asked for; keep the grant's resource otherwise.
            if (!string.IsNullOrEmpty(scope) && ResourceScopes(scope).Length > 0) grant = grant with { Scope = scope! };
            return done(UserTokens(grant, issuer, grant.Tenant != null), null);
        }

        private IResult UserTokens(RefreshGrant grant, string issuer, bool withClientInfo)
        {
            var resourceScopes = ResourceScopes(grant.Scope);
            var aud = resourceScopes.Length > 0 ? TrimDefault(resourceScopes[0]) : IssuedAudience;
            var oid = DeterministicGuid("user:" + grant.User).ToString();
            var tid = grant.Tenant == null ? null : TenantIdOf(grant.Tenant);
            var lifetime = Options.TokenLifetime;

            var extra = new Dictionary<string, object> { ["azp"] = grant.ClientId, ["oid"] = oid, ["idtyp"] = "user", ["scp"] = string.Join(" ", resourceScopes) };
            if (tid != null) extra["tid"] = tid;
            var accessToken = IssueAccessToken(grant.User, grant.Projects, lifetime, aud, issuer, extra);

            var idClaims = new Dictionary<string, object>
            {
                ["sub"] = grant.User, ["oid"] = oid, ["preferred_username"] = grant.User, ["name"] = grant.User, ["ver"] = "2.0",
            };
            if (tid != null) idClaims["tid"] = tid;
            var idToken = Sign(idClaims, "JWT", lifetime, grant.ClientId, issuer);

            var refreshToken = RandomToken();
            _refreshTokens[refreshToken] = grant;

            var body = new Dictionary<string, object>
            {
                ["token_type"] = "Bearer",
                ["scope"] = string.Join(" ", resourceScopes.Concat(SplitScopes(grant.Scope).Where(s => OidcScopes.Contains(s)))),
                ["expires_in"] = (long)lifetime.TotalSeconds,
                ["ext_expires_in"] = (long)lifetime.TotalSeconds,
                ["access_token"] = accessToken,
                ["refresh_token"] = refreshToken,
                ["id_token"] = idToken,
            };
            if (withClientInfo)
                body["client_info"] = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new { uid = oid, utid = tid ?? TenantIdOf("common") }));
            return Results.Json(body);
        }

        private static IResult TokenResponse(string accessToken, TimeSpan lifetime, string? scope)
        {
            var body = new Dictionary<string, object>
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = (long)lifetime.TotalSeconds,
                ["ext_expires_in"] = (long)lifetime.TotalSeconds,
                ["access_token"] = accessToken,
            };
            if (!string.IsNullOrEmpty(scope)) body["scope"] = scope!;
            return Results.Json(body);
        }

        private string? AuthenticateClient(RegisteredClient client, string? secret, string? assertion, string? assertionType,
            string tokenEndpoint, string issuer)
        {
            if (assertion != null)
            {
                if (assertionType != JwtBearerAssertionType)
                    return $"client_assertion_type must be '{JwtBearerAssertionType}'.";
                if (client.CertificatePem == null)
                    return $"No certificate is registered for application '{client.ClientId}'; client assertions cannot be verified.";
                return ValidateClientAssertion(client, assertion, tokenEndpoint, issuer);
            }
            if (secret != null)
            {
                if (client.ClientSecret == null)
                    return $"Application '{client.ClientId}' has no client secret; authenticate with its certificate.";
                return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(client.ClientSecret))
                    ? null
                    : $"Invalid client secret provided for application '{client.ClientId}'.";
            }
            return $"Application '{client.ClientId}' must authenticate: send 'client_secret' or 'client_assertion'.";
        }

        private string? ValidateClientAssertion(RegisteredClient client, string assertion, string tokenEndpoint, string issuer)
        {
            using var certificate = LoadCertificate(client.CertificatePem!);
            var parameters = new TokenValidationParameters
            {
                IssuerSigningKey = new X509SecurityKey(certificate),
                ValidateIssuerSigningKey = true,
                ValidIssuer = client.ClientId,
                // RFC 7523: the audience identifies the authorization server; Entra ID takes the token endpoint URL.
                ValidAudiences = new[] { tokenEndpoint, issuer },
                ValidateLifetime = true,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromMinutes(5),
            };
            var result = _handler.ValidateTokenAsync(assertion, parameters).GetAwaiter().GetResult();
            if (!result.IsValid)
            {
                return result.Exception switch
                {
                    SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException =>
                        $"The client assertion is not signed by the certificate registered for application '{client.ClientId}'.",
                    SecurityTokenInvalidAudienceException => $"The client assertion's audience must be the token endpoint '{tokenEndpoint}'.",
                    SecurityTokenInvalidIssuerException => "The client assertion's issuer must be the client id.",
                    SecurityTokenExpiredException => "The client assertion has expired.",
                    _ => "The client assertion is not valid.",
                };
            }
            var jwt = (JsonWebToken)result.SecurityToken;
            return jwt.Subject == client.ClientId ? null : "The client assertion's subject must be the client id.";
        }

        // ---------------------------------------------------------------- device authorization

        private async Task<IResult> DeviceAuthorizationAsync(HttpContext context, string? tenant)
        {
            var request = context.Request;
            if (!request.HasFormContentType)
                return OAuthError(400, "invalid_request", "The device authorization request must be application/x-www-form-urlencoded.");
            var form = await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            var (clientId, _, _) = ClientCredentialsOf(request, form);
            var scope = Value(form, "scope") ?? "";
            if (string.IsNullOrEmpty(clientId))
                return OAuthError(400, "invalid_request", "The request body must include 'client_id'.");
            if (!_clients.ContainsKey(clientId!))
                return OAuthError(401, "invalid_client", $"Application with identifier '{clientId}' was not found in the directory.");

            var auth = new DeviceAuthorization(RandomToken(), NewUserCode(), clientId!, scope, tenant, Clock(), Clock() + DeviceCodeLifetime);
            _deviceCodes[auth.DeviceCode] = auth;
            var verificationUri = BaseUrl(request) + "/devicelogin";
            return Results.Json(new Dictionary<string, object>
            {
                ["device_code"] = auth.DeviceCode,
                ["user_code"] = auth.UserCode,
                ["verification_uri"] = verificationUri,
                ["expires_in"] = (long)DeviceCodeLifetime.TotalSeconds,
                ["interval"] = DeviceCodePollIntervalSeconds,
                ["message"] = $"To sign in, use a web browser to open the page {verificationUri} and enter the code {auth.UserCode} to authenticate.",
            });
        }

        private bool FinishDeviceCode(string userCode, DeviceState state, string? user, IReadOnlyList<string>? projects)
        {
            var auth = _deviceCodes.Values.FirstOrDefault(d => string.Equals(d.UserCode, userCode, StringComparison.OrdinalIgnoreCase));
            if (auth == null) return false;
            lock (auth)
            {
                if (auth.State != DeviceState.Pending || Clock() >= auth.ExpiresOn) return false;
                auth.User = string.IsNullOrWhiteSpace(user) ? Options.DefaultUser : user;
                auth.Projects = projects != null && projects.Count > 0 ? projects.ToArray() : ProjectsOf(_clients.TryGetValue(auth.ClientId, out var c) ? c : null);
                auth.State = state;
                return true;
            }
        }

        // ---------------------------------------------------------------- admin calls

        private sealed class ClientRegistrationBody
        {
            public string? ClientId { get; set; }
            public string? ClientSecret { get; set; }
            public string? CertificatePem { get; set; }
            public List<string>? Projects { get; set; }
        }

        private sealed class DeviceCodeBody
        {
            public string? UserCode { get; set; }
            public string? User { get; set; }
            public List<string>? Projects { get; set; }
        }

        private sealed class SettingsBody
        {
            public double? TokenLifetimeSeconds { get; set; }
            public int? DeviceCodePollIntervalSeconds { get; set; }
        }

        private async Task<IResult> RegisterClientAsync(HttpContext context)
        {
            var body = await ReadBodyAsync<ClientRegistrationBody>(context).ConfigureAwait(false);
            if (body == null || string.IsNullOrWhiteSpace(body.ClientId))
                return AdminError(400, "The body must be JSON with 'clientId' (and optionally 'clientSecret', 'certificatePem', 'projects').");
            var client = new RegisteredClient(body.ClientId!) { ClientSecret = body.ClientSecret, CertificatePem = body.CertificatePem };
            foreach (var p in body.Projects ?? new List<string>()) client.Projects.Add(p);
            try
            {
                RegisterClient(client);
            }
            catch (CryptographicException)
            {
                return AdminError(400, "'certificatePem' is not a valid PEM certificate.");
            }
            return Results.Json(new { clientId = client.ClientId }, statusCode: 201);
        }

        private async Task<IResult> FinishDeviceCodeAsync(HttpContext context, DeviceState state)
        {
            var body = await ReadBodyAsync<DeviceCodeBody>(context).ConfigureAwait(false);
            if (body == null || string.IsNullOrWhiteSpace(body.UserCode))
                return AdminError(400, "The body must be JSON with 'userCode' (and optionally 'user', 'projects').");
            var done = state == DeviceState.Approved ? ApproveDeviceCode(body.UserCode!, body.User, body.Projects) : DenyDeviceCode(body.UserCode!);
            return done ? Results.Json(new { userCode = body.UserCode, state = state.ToString().ToLowerInvariant() })
                : AdminError(404, $"No pending device-code sign-in has the user code '{body.UserCode}'.");
        }

        private async Task<IResult> UpdateSettingsAsync(HttpContext context)
        {
            var body = await ReadBodyAsync<SettingsBody>(context).ConfigureAwait(false);
            if (body == null) return AdminError(400, "The body must be JSON with 'tokenLifetimeSeconds' and/or 'deviceCodePollIntervalSeconds'.");
            if (body.TokenLifetimeSeconds is double seconds)
            {
                if (seconds <= 0) return AdminError(400, "'tokenLifetimeSeconds' must be positive.");
                Options.TokenLifetime = TimeSpan.FromSeconds(seconds);
            }
            if (body.DeviceCodePollIntervalSeconds is int interval)
            {
                if (interval < 0) return AdminError(400, "'deviceCodePollIntervalSeconds' must not be negative.");
                DeviceCodePollIntervalSeconds = interval;
            }
            return Results.Json(Settings(), WebJson);
        }

        private static async Task<T?> ReadBodyAsync<T>(HttpContext context) where T : class
        {
            try
            {
                return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, WebJson, context.RequestAborted).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static IResult AdminError(int status, string message) =>
            Results.Json(new { error = new { code = status, message } }, statusCode: status);

        // ---------------------------------------------------------------- helpers

        private IResult Record(HttpRequest request, string? grantType, string? clientId, string? clientAuthentication, string? scope,
            string? audience, IResult result, string? error = null)
        {
            _tokenRequests.Enqueue(new TokenRequestRecord(Clock(), request.Path.Value ?? "", grantType, clientId, clientAuthentication, scope, audience, error));
            while (_tokenRequests.Count > 10_000 && _tokenRequests.TryDequeue(out _)) { }
            return result;
        }

        /// <summary>An OAuth 2.0 error response, in Entra ID's shape (error, error_description, error_codes, timestamp).</summary>
        private static IResult OAuthError(int status, string error, string description) =>
            Results.Json(new Dictionary<string, object>
            {
                ["error"] = error,
                ["error_description"] = description,
                ["error_codes"] = Array.Empty<int>(),
                ["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ssZ"),
                ["trace_id"] = Guid.NewGuid().ToString(),
                ["correlation_id"] = Guid.NewGuid().ToString(),
            }, statusCode: status);

        private static (string? ClientId, string? Secret, bool FromHeader) ClientCredentialsOf(HttpRequest request, IFormCollection form)
        {
            // client_secret_basic (Keycloak's default) or client_secret_post.
            var header = request.Headers.Authorization.ToString();
            if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Substring(6).Trim()));
                    var colon = decoded.IndexOf(':');
                    if (colon > 0)
                        return (Uri.UnescapeDataString(decoded.Substring(0, colon)), Uri.UnescapeDataString(decoded.Substring(colon + 1)), true);
                }
                catch (FormatException)
                {
                    // Fall through to the form: a bad header is treated as absent.
                }
            }
            return (Value(form, "client_id"), Value(form, "client_secret"), false);
        }

        private static string? Value(IFormCollection form, string name) =>
            form.TryGetValue(name, out StringValues v) && !StringValues.IsNullOrEmpty(v) ? v.ToString() : null;

        private static string[] SplitScopes(string? scope) =>
            (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        private static string[] ResourceScopes(string? scope) => SplitScopes(scope).Where(s => !OidcScopes.Contains(s)).ToArray();

        private static string TrimDefault(string scope) =>
            scope.EndsWith("/.default", StringComparison.Ordinal) ? scope.Substring(0, scope.Length - "/.default".Length) : scope;

        private IReadOnlyList<string> ProjectsOf(RegisteredClient? client) =>
            client != null && client.Projects.Count > 0 ? client.Projects.ToArray() : Options.Projects.ToArray();

        /// <summary>A tenant id: the path segment when it is a GUID, else a stable GUID made from it.</summary>
        private static string TenantIdOf(string tenant) =>
            Guid.TryParse(tenant, out var g) ? g.ToString() : DeterministicGuid("tenant:" + tenant.ToLowerInvariant()).ToString();

        private static Guid DeterministicGuid(string name)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
            return new Guid(hash.AsSpan(0, 16));
        }

        private static string RandomToken() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

        private static string NewUserCode()
        {
            // Entra-like: 9 characters from an unambiguous alphabet.
            const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
            var chars = new char[9];
            for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            return new string(chars);
        }

        private static X509Certificate2 LoadCertificate(string pem) => X509Certificate2.CreateFromPem(pem);

        private string StateOf(DeviceAuthorization d) =>
            d.State == DeviceState.Pending && Clock() >= d.ExpiresOn ? "expired" : d.State.ToString().ToLowerInvariant();

        private enum DeviceState { Pending, Approved, Denied, Expired, Redeemed }

        private sealed class DeviceAuthorization
        {
            public DeviceAuthorization(string deviceCode, string userCode, string clientId, string scope, string? tenant, DateTimeOffset created, DateTimeOffset expiresOn)
            {
                DeviceCode = deviceCode; UserCode = userCode; ClientId = clientId; Scope = scope; Tenant = tenant; Created = created; ExpiresOn = expiresOn;
            }

            public string DeviceCode { get; }
            public string UserCode { get; }
            public string ClientId { get; }
            public string Scope { get; }
            public string? Tenant { get; }
            public DateTimeOffset Created { get; }
            public DateTimeOffset ExpiresOn { get; }
            public DeviceState State { get; set; }
            public string? User { get; set; }
            public IReadOnlyList<string>? Projects { get; set; }
        }

        private sealed record RefreshGrant(string ClientId, string User, string? Tenant, string Scope, IReadOnlyList<string> Projects);
    }
}
