using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace CogniteRecords.Emulator.Api
{
    /// <summary>
    /// Sync cursors: base64url of (version, stream instance id, position, issue time) and an HMAC over them,
    /// so a client can neither guess nor edit a position; a garbage, tampered or foreign cursor is a 400.
    /// </summary>
    internal static partial class SyncCursor
    {
        private const byte Version = 1;
        private const int PayloadLength = 1 + 8 + 8 + 8;
        private const int MacLength = 16;

        public static string Encode(byte[] key, long streamUid, long position, long issuedMs)
        {
            Span<byte> buffer = stackalloc byte[PayloadLength + MacLength];
            buffer[0] = Version;
            BinaryPrimitives.WriteInt64LittleEndian(buffer[1..], streamUid);
            BinaryPrimitives.WriteInt64LittleEndian(buffer[9..], position);
            BinaryPrimitives.WriteInt64LittleEndian(buffer[17..], issuedMs);
            Span<byte> mac = stackalloc byte[32];
            HMACSHA256.HashData(key, buffer[..PayloadLength], mac);
            mac[..MacLength].CopyTo(buffer[PayloadLength..]);
            return WebEncoders.Base64UrlEncode(buffer.ToArray());
        }

        /// <summary>The position of a cursor issued for this stream; 400 for anything else or an expired one.</summary>
        public static long Decode(byte[] key, string cursor, long streamUid, TimeSpan? maxAge, long nowMs)
        {
            byte[] raw;
            try { raw = WebEncoders.Base64UrlDecode(cursor); }
            catch (FormatException) { throw Invalid(); }
            if (raw.Length != PayloadLength + MacLength || raw[0] != Version) throw Invalid();
            Span<byte> mac = stackalloc byte[32];
            HMACSHA256.HashData(key, raw.AsSpan(0, PayloadLength), mac);
            if (!CryptographicOperations.FixedTimeEquals(mac[..MacLength], raw.AsSpan(PayloadLength))) throw Invalid();
            long uid = BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(1));
            long position = BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(9));
            long issued = BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(17));
            if (uid != streamUid) throw new ApiException(400, "Invalid cursor: 'cursor' was issued for another stream.");
            if (maxAge is TimeSpan age && nowMs - issued > (long)age.TotalMilliseconds)
                throw new ApiException(400, $"Cursor has expired: 'cursor' is older than {age}. Start a new sync with 'initializeCursor'.");
            return position;
        }

        private static ApiException Invalid() => new(400, "Invalid cursor: 'cursor' is not a cursor this stream issued.");

        [GeneratedRegex("^([0-9]+)(m|h|d)-ago$")]
        private static partial Regex InitRegex();

        /// <summary>Parses initializeCursor ('3m-ago', '400h-ago', '25d-ago': the documented units only, as the client) into the start time.</summary>
        public static long ParseInitialize(string value, long nowMs)
        {
            if (value.Length < 6 || value.Length > 100)
                throw new ApiException(400, $"'initializeCursor' must be 6-100 characters like '3m-ago', '400h-ago' or '25d-ago'; it was '{value}'.");
            var m = InitRegex().Match(value);
            if (!m.Success || !long.TryParse(m.Groups[1].Value, out var n))
                throw new ApiException(400, $"'initializeCursor' must look like '<n>(m|h|d)-ago' (e.g. '3m-ago', '25d-ago'); it was '{value}'.");
            long unitMs = m.Groups[2].Value switch { "m" => 60_000L, "h" => 3_600_000L, _ => 86_400_000L };
            if (n > long.MaxValue / unitMs) return 0;
            return Math.Max(0, nowMs - n * unitMs);
        }
    }
}
