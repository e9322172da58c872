using System;

namespace CogniteRecords.Emulator.Identity
{
    /// <summary>What the token endpoint received (never a secret or token), so tests can assert on it.</summary>
    public sealed record TokenRequestRecord(
        DateTimeOffset Time, string Path, string? GrantType, string? ClientId, string? ClientAuthentication,
        string? Scope, string? Audience, string? Error);
}
