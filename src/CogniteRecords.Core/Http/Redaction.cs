using System;
using System.Text;
using System.Text.RegularExpressions;

namespace CogniteRecords.Core.Http
{
    /// <summary>
    /// Keeps tokens out of text that leaves the module: a server may echo the token in its error body or in a header
    /// (x-request-id), so every such text is cleaned of the current token and of anything bearer-shaped, and header
    /// values are cut to a short run of safe characters before they join a message.
    /// </summary>
    public static class Redaction
    {
        public const string Placeholder = "<redacted>";

        /// <summary>The longest header value put into a message.</summary>
        public const int MaxHeaderValue = 100;

        // "Bearer <token>" (16 or more token characters, so that prose such as "a bearer token is required" stays) and JWT-shaped text (three base64url parts, the first a JSON header "eyJ...").
        private static readonly Regex BearerShaped = new Regex(
            @"(?i:bearer)\s+[A-Za-z0-9\-._~+/]{16,}=*|eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]*",
            RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        /// <summary><paramref name="text"/> without <paramref name="token"/> and without anything bearer-shaped.</summary>
        public static string Clean(string text, string? token = null)
        {
            if (string.IsNullOrEmpty(text)) return text;
            if (!string.IsNullOrEmpty(token)) text = text.Replace(token, Placeholder);
            try
            {
                return BearerShaped.Replace(text, m => m.Value.StartsWith("b", StringComparison.OrdinalIgnoreCase) && !m.Value.StartsWith("eyJ", StringComparison.Ordinal)
                    ? "Bearer " + Placeholder : Placeholder);
            }
            catch (RegexMatchTimeoutException)
            {
                return "(text withheld: it could not be checked for secrets)";
            }
        }

        /// <summary>
        /// A header value fit for a message: cleaned, then only letters, digits and <c>-_.:/=+,;@</c> (anything else
        /// becomes '?'), at most <see cref="MaxHeaderValue"/> characters. Null stays null.
        /// </summary>
        public static string? HeaderValue(string? value, string? token = null)
        {
            if (value == null) return null;
            var clean = Clean(value, token);
            var sb = new StringBuilder(Math.Min(clean.Length, MaxHeaderValue + 1));
            foreach (var c in clean)
            {
                if (sb.Length >= MaxHeaderValue) { sb.Append('…'); break; }
                sb.Append(IsSafe(c) ? c : '?');
            }
            return sb.ToString();
        }

        private static bool IsSafe(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.:/=+,;@<>".IndexOf(c) >= 0;
    }
}
