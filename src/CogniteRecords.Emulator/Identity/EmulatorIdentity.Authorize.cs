using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace CogniteRecords.Emulator.Identity
{
    public sealed partial class EmulatorIdentity
    {
        private readonly ConcurrentDictionary<string, AuthorizationGrant> _authorizationCodes = new ConcurrentDictionary<string, AuthorizationGrant>(StringComparer.Ordinal);

        /// <summary>How long an authorization code may be redeemed.</summary>
        public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>
        /// The authorization endpoint of the interactive (browser) sign-in. There is no user to ask here, so it signs in at once
        /// as <c>login_hint</c> (or <see cref="IdentityOptions.DefaultUser"/>) and returns a code (by redirect, or with
        /// response_mode=form_post, as MSAL asks, by a page that posts it); only loopback
        /// redirect URIs are accepted, as for a native app. PKCE (S256 or plain) is checked when the code is redeemed.
        /// </summary>
        private IResult Authorize(HttpRequest request, string? tenant)
        {
            var q = request.Query;
            string? Q(string name) => q.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v.ToString() : null;

            var clientId = Q("client_id");
            var redirect = Q("redirect_uri");
            // Errors before the redirect URI is known to be safe are shown, not redirected (OAuth 2.0 section 4.1.2.1).
            if (clientId == null || !_clients.TryGetValue(clientId, out var client))
                return Results.Text($"Sign-in error: unknown client_id '{clientId}'.", "text/plain", statusCode: 400);
            if (redirect == null || !Uri.TryCreate(redirect, UriKind.Absolute, out var redirectUri) || redirectUri.Scheme != Uri.UriSchemeHttp
                || !(redirectUri.IsLoopback || redirectUri.Host == "localhost"))
                return Results.Text($"Sign-in error: redirect_uri '{redirect}' must be an http loopback address (http://localhost:PORT).", "text/plain", statusCode: 400);

            var state = Q("state");
            var formPost = Q("response_mode") == "form_post";
            IResult Answer(Dictionary<string, string?> values)
            {
                if (state != null) values["state"] = state;
                return formPost ? FormPost(redirect, values) : Results.Redirect(QueryHelpers.AddQueryString(redirect, values));
            }
            IResult Fail(string error, string description) =>
                Answer(new Dictionary<string, string?> { ["error"] = error, ["error_description"] = description });

            if (Q("response_type") != "code") return Fail("unsupported_response_type", "Only response_type=code is supported.");
            var challenge = Q("code_challenge");
            var method = Q("code_challenge_method") ?? "plain";
            if (challenge != null && method != "S256" && method != "plain")
                return Fail("invalid_request", "code_challenge_method must be S256 or plain.");

            var user = Q("login_hint") ?? Options.DefaultUser;
            var code = RandomToken();
            _authorizationCodes[code] = new AuthorizationGrant(client.ClientId, redirect, challenge, method, Q("scope") ?? "", tenant, user,
                ProjectsOf(client), Clock() + AuthorizationCodeLifetime);

            var answer = new Dictionary<string, string?> { ["code"] = code };
            if (Q("client_info") == "1" || tenant != null)
                answer["client_info"] = Base64UrlEncoder.Encode(System.Text.Json.JsonSerializer.Serialize(new
                {
                    uid = DeterministicGuid("user:" + user).ToString(),
                    utid = tenant == null ? TenantIdOf("common") : TenantIdOf(tenant),
                }));
            return Answer(answer);
        }

        /// <summary>response_mode=form_post: a page whose form posts the answer to the redirect URI (what MSAL asks for).</summary>
        private static IResult FormPost(string action, Dictionary<string, string?> values)
        {
            var html = new StringBuilder();
            html.Append("<!DOCTYPE html><html><head><title>Signing in</title></head><body onload=\"document.forms[0].submit()\">");
            html.Append("<form method=\"post\" action=\"").Append(System.Net.WebUtility.HtmlEncode(action)).Append("\">");
            foreach (var kv in values)
                html.Append("<input type=\"hidden\" name=\"").Append(System.Net.WebUtility.HtmlEncode(kv.Key))
                    .Append("\" value=\"").Append(System.Net.WebUtility.HtmlEncode(kv.Value ?? "")).Append("\"/>");
            html.Append("<noscript><button type=\"submit\">Continue</button></noscript></form></body></html>");
            return Results.Content(html.ToString(), "text/html; charset=utf-8");
        }

        private IResult RedeemAuthorizationCode(RegisteredClient client, IFormCollection form, string issuer, Func<IResult, string?, IResult> done)
        {
            var code = Value(form, "code");
            if (code == null)
                return done(OAuthError(400, "invalid_request", "The request body must include 'code'."), "invalid_request");
            if (!_authorizationCodes.TryRemove(code, out var grant) || grant.ClientId != client.ClientId)
                return done(OAuthError(400, "invalid_grant", "The authorization code is not valid or has been used."), "invalid_grant");
            if (Clock() >= grant.ExpiresOn)
                return done(OAuthError(400, "invalid_grant", "The authorization code has expired."), "invalid_grant");
            if (!string.Equals(Value(form, "redirect_uri"), grant.RedirectUri, StringComparison.Ordinal))
                return done(OAuthError(400, "invalid_grant", "redirect_uri does not match the one of the authorization request."), "invalid_grant");
            if (grant.Challenge != null)
            {
                var verifier = Value(form, "code_verifier");
                if (verifier == null)
                    return done(OAuthError(400, "invalid_grant", "The request body must include 'code_verifier' (PKCE)."), "invalid_grant");
                var computed = grant.Method == "S256" ? Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) : verifier;
                if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(grant.Challenge)))
                    return done(OAuthError(400, "invalid_grant", "code_verifier does not match the code_challenge (PKCE)."), "invalid_grant");
            }
            var scope = Value(form, "scope") ?? grant.Scope;
            var refresh = new RefreshGrant(client.ClientId, grant.User, grant.Tenant, scope, grant.Projects);
            return done(UserTokens(refresh, issuer, grant.Tenant != null || Value(form, "client_info") == "1"), null);
        }

        private sealed record AuthorizationGrant(string ClientId, string RedirectUri, string? Challenge, string Method, string Scope,
            string? Tenant, string User, IReadOnlyList<string> Projects, DateTimeOffset ExpiresOn);
    }
}
