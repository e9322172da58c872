using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security;
using System.Text.Json;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CogniteRecords.Core.Auth
{
    /// <summary>
    /// Client credentials against any OIDC/OAuth 2.0 token endpoint (Cognite's IdP, Auth0, Keycloak): a form post of
    /// client_id/client_secret with optional scope and audience.
    /// </summary>
    /// <remarks>
    /// Not MSAL: its generic-authority support (WithOidcAuthority) needs an issuer whose discovery document it fetches and
    /// checks, while users (and the Cognite toolkit's IDP_TOKEN_URL) give only a token URL; and MSAL insists on at least one
    /// scope for client credentials, while Cognite's IdP wants none. A small form post fits these providers exactly.
    /// </remarks>
    public sealed class OidcClientCredentialsTokenSource : CachedTokenSource, IConnectionIdentityUser
    {
        private readonly string _clientId;
        private readonly SecureString _clientSecret;
        private readonly HttpClient? _http;
        private Http.CdfApiClient? _connection;

        /// <summary>
        /// Creates the source. With <paramref name="httpClient"/> null (the product) the token post goes through the
        /// connection's HTTP stack (its retries and User-Agent, no redirects, see <see cref="IdentityHttp"/>), or the shared
        /// identity client before a connection exists; a given client (tests) is used as it is.
        /// </summary>
        public OidcClientCredentialsTokenSource(Uri tokenUrl, string clientId, SecureString clientSecret,
            IEnumerable<string>? scopes = null, string? audience = null, HttpClient? httpClient = null)
        {
            TokenUrl = tokenUrl ?? throw new ArgumentNullException(nameof(tokenUrl));
            if (!tokenUrl.IsAbsoluteUri) throw new ArgumentException($"The token URL '{tokenUrl}' must be absolute.", nameof(tokenUrl));
            // The secret goes in the body: plain http only to this machine.
            if (tokenUrl.Scheme != Uri.UriSchemeHttps && !(tokenUrl.Scheme == Uri.UriSchemeHttp && tokenUrl.IsLoopback))
                throw new ArgumentException($"The token URL '{tokenUrl}' must use https: a client secret is never sent over plain http except to a loopback address.", nameof(tokenUrl));
            if (string.IsNullOrWhiteSpace(clientId)) throw new ArgumentException("A client id is required.", nameof(clientId));
            if (clientSecret == null || clientSecret.Length == 0) throw new ArgumentException("The client secret is empty.", nameof(clientSecret));
            _clientId = clientId.Trim();
            _clientSecret = clientSecret.Copy();
            _clientSecret.MakeReadOnly();
            Scopes = (scopes ?? Enumerable.Empty<string>()).Where(s => !string.IsNullOrWhiteSpace(s)).ToArray();
            Audience = string.IsNullOrWhiteSpace(audience) ? null : audience;
            _http = httpClient;
        }

        /// <inheritdoc/>
        public override string Flow => "OidcClientCredentials";

        /// <summary>The token endpoint.</summary>
        public Uri TokenUrl { get; }

        /// <summary>The scopes asked for (none for Cognite's IdP).</summary>
        public IReadOnlyList<string> Scopes { get; }

        /// <summary>The audience asked for (Auth0), if any.</summary>
        public string? Audience { get; }

        /// <inheritdoc/>
        protected override async Task<AccessToken> AcquireAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            var form = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("grant_type", "client_credentials"),
                new KeyValuePair<string, string>("client_id", _clientId),
                new KeyValuePair<string, string>("client_secret", new NetworkCredential(string.Empty, _clientSecret).Password),
            };
            if (Scopes.Count > 0) form.Add(new KeyValuePair<string, string>("scope", string.Join(" ", Scopes)));
            if (Audience != null) form.Add(new KeyValuePair<string, string>("audience", Audience));

            HttpResponseMessage response;
            string body;
            try
            {
                HttpRequestMessage Create()
                {
                    var request = new HttpRequestMessage(HttpMethod.Post, TokenUrl) { Content = new FormUrlEncodedContent(form) };
                    request.Headers.Accept.ParseAdd("application/json");
                    return request;
                }
                var connection = _http == null ? Volatile.Read(ref _connection) : null;
                if (connection != null)
                {
                    response = await connection.SendIdentityAsync(Create, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    using var request = Create();
                    response = await (_http ?? IdentityHttp.Shared).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                }
                body = await ReadCappedAsync(response, cancellationToken).ConfigureAwait(false);
            }
            catch (IdentityRedirectRefusedException ex)
            {
                throw new CdfAuthenticationException(ex.Message, "redirect_refused", ex);
            }
            catch (Http.CdfApiException ex)
            {
                throw new CdfAuthenticationException($"The token endpoint {TokenUrl} failed: {ex.Message}", "connection_error", ex);
            }
            catch (Polly.Timeout.TimeoutRejectedException ex)
            {
                throw new CdfAuthenticationException($"The token endpoint {TokenUrl} did not answer in time.", "timeout", ex);
            }
            catch (HttpRequestException ex)
            {
                throw new CdfAuthenticationException(
                    $"Could not reach the token endpoint {TokenUrl}: {Innermost(ex).Message}", "connection_error", ex);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CdfAuthenticationException($"The token endpoint {TokenUrl} did not answer in time.", "timeout", ex);
            }
            catch (System.IO.IOException ex)
            {
                // The answer's body broke off (it is read after the headers, within the cap).
                throw new CdfAuthenticationException(
                    $"The token endpoint {TokenUrl} broke off its answer: {Innermost(ex).Message}", "connection_error", ex);
            }

            using (response)
            {
                var json = TryParse(body);
                using (json)
                {
                    if (!response.IsSuccessStatusCode)
                    {
                        var error = Text(json, "error");
                        var description = Text(json, "error_description");
                        throw new CdfAuthenticationException(
                            $"Client credentials sign-in at {TokenUrl} as client '{_clientId}' failed ({(int)response.StatusCode}): "
                            + (error != null ? Http.Redaction.Clean(error + (description != null ? ": " + description : ""), SecretText()) : "the identity provider gave no reason."),
                            error);
                    }
                    var token = Text(json, "access_token");
                    if (token == null)
                        throw new CdfAuthenticationException($"The token endpoint {TokenUrl} answered without an access_token.", "invalid_response");
                    return new AccessToken(token, ExpiryOf(json!, token));
                }
            }
        }

        /// <summary>
        /// The most of a token endpoint's answer that is read (a token answer is a few kilobytes; a JWT with many groups some
        /// tens): a larger one is refused without being read whole, so a broken or hostile endpoint cannot bloat the process.
        /// </summary>
        public const int MaxResponseBytes = 1024 * 1024;

        /// <summary>The body as text, up to <see cref="MaxResponseBytes"/>; beyond it an invalid_response error (the rest is not read).</summary>
        private async Task<string> ReadCappedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            if (response.Content.Headers.ContentLength is long declared && declared > MaxResponseBytes)
            {
                response.Dispose();
                throw TooLarge(response);
            }
            using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var buffer = new byte[(int)Math.Min(MaxResponseBytes + 1L, (response.Content.Headers.ContentLength ?? 16 * 1024) + 1)];
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length > MaxResponseBytes)
                    {
                        response.Dispose();
                        throw TooLarge(response);
                    }
                    Array.Resize(ref buffer, Math.Min(MaxResponseBytes + 1, buffer.Length * 2));
                }
                var n = await stream.ReadAsync(buffer, filled, buffer.Length - filled, cancellationToken).ConfigureAwait(false);
                if (n == 0) break;
                filled += n;
            }
            return new UTF8Encoding(false, false).GetString(buffer, 0, filled);
        }

        private CdfAuthenticationException TooLarge(HttpResponseMessage response) => new CdfAuthenticationException(string.Format(CultureInfo.InvariantCulture,
            "The token endpoint {0} answered {1} with more than {2:N0} bytes, far more than a token answer: refused without reading it whole. " +
            "Check -TokenUrl: something other than the identity provider may be answering.", TokenUrl, (int)response.StatusCode, MaxResponseBytes), "invalid_response");

        // For redaction only: an identity provider that echoes the secret in its error must not get it shown.
        private string SecretText() => new NetworkCredential(string.Empty, _clientSecret).Password;

        void IConnectionIdentityUser.UseConnection(Http.CdfApiClient connection) => Volatile.Write(ref _connection, connection);

        private DateTimeOffset? ExpiryOf(JsonDocument json, string token)
        {
            if (json.RootElement.TryGetProperty("expires_in", out var e))
            {
                if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var n)) return Clock().AddSeconds(n);
                if (e.ValueKind == JsonValueKind.String && double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
                    return Clock().AddSeconds(s);
            }
            return JwtClaims.ReadExpiry(token);
        }

        private static JsonDocument? TryParse(string body)
        {
            try
            {
                return JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static string? Text(JsonDocument? json, string name) =>
            json != null && json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var v)
            && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static Exception Innermost(Exception ex)
        {
            while (ex.InnerException != null) ex = ex.InnerException;
            return ex;
        }
    }
}
