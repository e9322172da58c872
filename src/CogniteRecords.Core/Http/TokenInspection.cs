using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace CogniteRecords.Core.Http
{
    /// <summary>What GET /api/v1/token/inspect says about a token: its subject and the projects it reaches.</summary>
    public sealed class TokenInspection
    {
        public TokenInspection(string? subject, IReadOnlyList<string> projects) { Subject = subject; Projects = projects; }

        public string? Subject { get; }

        /// <summary>The URL names of the projects the token reaches.</summary>
        public IReadOnlyList<string> Projects { get; }

        public static Task<TokenInspection> InspectAsync(CdfApiClient client, IRequestObserver? observer, CancellationToken cancellationToken) =>
            client.SendAsync(HttpMethod.Get, client.ApiUri("token/inspect"), null, async (stream, ct) =>
            {
                using var doc = await JsonDocument.ParseAsync(stream, default, ct).ConfigureAwait(false);
                var root = doc.RootElement;
                string? subject = root.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                var projects = new List<string>();
                if (root.TryGetProperty("projects", out var p) && p.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in p.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.String) projects.Add(item.GetString()!);
                        else if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("projectUrlName", out var n) && n.ValueKind == JsonValueKind.String)
                            projects.Add(n.GetString()!);
                    }
                }
                return new TokenInspection(subject, projects);
            }, observer, cancellationToken);
    }
}
