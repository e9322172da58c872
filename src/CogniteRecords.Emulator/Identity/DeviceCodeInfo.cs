using System;

namespace CogniteRecords.Emulator.Identity
{
    /// <summary>A pending or finished device-code sign-in, as the admin path shows it (no device code: it is a secret).</summary>
    public sealed record DeviceCodeInfo(string UserCode, string ClientId, string Scope, string State, DateTimeOffset ExpiresOn);
}
