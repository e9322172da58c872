using System;
using System.Collections.Generic;

namespace CogniteRecords.Emulator.Identity
{
    /// <summary>Who a valid access token speaks for.</summary>
    public sealed record TokenPrincipal(string Subject, IReadOnlyList<string> Projects, DateTimeOffset? ExpiresOn);
}
