using System;
using System.Text;
using System.Text.Json;

namespace CogniteRecords.Core.Auth
{
    /// <summary>
    /// Reads claims of a JWT without validating it: only to learn when a token the user gave us expires.
    /// The API validates the token; we never trust these values for access decisions.
    /// </summary>
    internal static class JwtClaims
    {
        /// <summary>The "exp" claim of a JWT, or null when the token is not a JWT or has none.</summary>
        public static DateTimeOffset? ReadExpiry(string token)
        {
            using var payload = ReadPayload(token);
            if (payload == null) return null;
            if (!payload.RootElement.TryGetProperty("exp", out var exp)) return null;
            if (exp.ValueKind == JsonValueKind.Number && exp.TryGetInt64(out var seconds)) return DateTimeOffset.FromUnixTimeSeconds(seconds);
            if (exp.ValueKind == JsonValueKind.Number && exp.TryGetDouble(out var fractional)) return DateTimeOffset.FromUnixTimeMilliseconds((long)(fractional * 1000));
            return null;
        }

        /// <summary>A string claim of a JWT (e.g. "sub"), or null.</summary>
        public static string? ReadString(string token, string claim)
        {
            using var payload = ReadPayload(token);
            return payload != null && payload.RootElement.TryGetProperty(claim, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }

        private static JsonDocument? ReadPayload(string token)
        {
            if (string.IsNullOrEmpty(token)) return null;
            var parts = token.Split('.');
            if (parts.Length != 3) return null;
            try
            {
                var json = Encoding.UTF8.GetString(Base64UrlDecode(parts[1]));
                var doc = JsonDocument.Parse(json);
                if (doc.RootElement.ValueKind == JsonValueKind.Object) return doc;
                doc.Dispose();
                return null;
            }
            catch (FormatException)
            {
                return null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static byte[] Base64UrlDecode(string value)
        {
            var s = value.Replace('-', '+').Replace('_', '/');
            switch (s.Length % 4)
            {
                case 2: s += "=="; break;
                case 3: s += "="; break;
                case 1: throw new FormatException("Not base64url.");
            }
            return Convert.FromBase64String(s);
        }
    }
}
