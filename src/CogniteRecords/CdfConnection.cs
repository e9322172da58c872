using System;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Auth;
using CogniteRecords.Core.Http;

namespace CogniteRecords
{
    /// <summary>
    /// A connection to one CDF project: where it is, how it signs in, and who it is. It holds the HTTP client and
    /// the token source internally; nothing secret is in any of its public properties, so ToString, format views,
    /// ConvertTo-Json and Export-Clixml show nothing secret. Pass it to -Connection (also with $using: in
    /// ForEach-Object -Parallel): one connection can serve many calls at once.
    /// </summary>
    public sealed class CdfConnection
    {
        private readonly ObservingTokenSource _tokens;

        internal CdfConnection(string project, Uri baseUrl, ITokenSource tokens, CdfClientOptions options)
        {
            Project = project;
            BaseUrl = baseUrl;
            _tokens = new ObservingTokenSource(tokens);
            Client = new CdfApiClient(options, _tokens);
        }

        /// <summary>The project's URL name.</summary>
        public string Project { get; }

        /// <summary>The cluster's base URL, e.g. https://westeurope-1.cognitedata.com.</summary>
        public Uri BaseUrl { get; }

        /// <summary>How the connection gets tokens: AccessToken, TokenProvider, ClientCredentials, ...</summary>
        public string Flow => _tokens.Flow;

        /// <summary>Who the token speaks for (the subject that /token/inspect reported).</summary>
        public string? Identity { get; internal set; }

        /// <summary>When the token last obtained expires, if known.</summary>
        public DateTimeOffset? TokenExpiresOn => _tokens.LastExpiresOn;

        /// <summary>Whether the connection can get a new token when the current one expires.</summary>
        public bool CanRefreshToken => _tokens.CanRefresh;

        /// <summary>The engine's HTTP client for this project (internal: not part of the public surface).</summary>
        internal CdfApiClient Client { get; }

        /// <summary>A stable key for session state: project and base URL.</summary>
        internal string Key => Project + "@" + BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');

        public override string ToString() => $"{Project} at {BaseUrl} ({Flow})";

        /// <summary>Remembers the expiry of the last token handed out, for <see cref="TokenExpiresOn"/>.</summary>
        private sealed class ObservingTokenSource : ITokenSource
        {
            private readonly ITokenSource _inner;
            private long _expiresTicks; // 0 = unknown

            public ObservingTokenSource(ITokenSource inner) => _inner = inner;

            public string Flow => _inner.Flow;
            public bool CanRefresh => _inner.CanRefresh;

            public DateTimeOffset? LastExpiresOn
            {
                get
                {
                    var t = Interlocked.Read(ref _expiresTicks);
                    return t == 0 ? (DateTimeOffset?)null : new DateTimeOffset(t, TimeSpan.Zero);
                }
            }

            public async Task<AccessToken> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
            {
                var token = await _inner.GetTokenAsync(forceRefresh, cancellationToken).ConfigureAwait(false);
                Interlocked.Exchange(ref _expiresTicks, token.ExpiresOn?.UtcTicks ?? 0);
                return token;
            }
        }
    }
}
