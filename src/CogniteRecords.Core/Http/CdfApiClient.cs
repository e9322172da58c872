using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Auth;
using CogniteRecords.Core.Streams;
using Polly;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace CogniteRecords.Core.Http
{
    /// <summary>
    /// The one HTTP pipeline of the engine, one per connection: bearer tokens from an <see cref="ITokenSource"/>
    /// (refreshed once on a 401), the cdf-version and User-Agent headers, and retries of transient failures
    /// (408/429/5xx, dropped connections, truncated bodies) with truncated exponential backoff and jitter,
    /// honouring Retry-After, bounded in attempts and total time; and, with <see cref="CdfClientOptions.Budgets"/>, pacing
    /// within the API's request budgets (<see cref="RequestPacer"/>), shared by every caller of this client.
    /// </summary>
    public sealed class CdfApiClient : IDisposable
    {
        private static readonly ResiliencePropertyKey<IRequestObserver?> ObserverKey = new ResiliencePropertyKey<IRequestObserver?>("cdf.observer");
        private static readonly ResiliencePropertyKey<Stopwatch> ClockKey = new ResiliencePropertyKey<Stopwatch>("cdf.clock");
        private static readonly ResiliencePropertyKey<bool> WarnedKey = new ResiliencePropertyKey<bool>("cdf.warned");

        // Set once the service has answered anything: until then a name that does not resolve or a refused
        // connection is a wrong address, not a hiccup, and fails at once.
        private volatile bool _answered;
        private static readonly ResiliencePropertyKey<BudgetClass> BudgetKey = new ResiliencePropertyKey<BudgetClass>("cdf.budget");
        private static readonly ResiliencePropertyKey<int> VolumeKey = new ResiliencePropertyKey<int>("cdf.volume");
        private static readonly MediaTypeHeaderValue JsonMediaType = new MediaTypeHeaderValue("application/json");

        private readonly HttpClient _http;
        private readonly ResiliencePipeline _pipeline;
        private readonly RequestPacer? _pacer;

        public CdfApiClient(CdfClientOptions options, ITokenSource tokens, HttpMessageHandler? handler = null)
        {
            Options = options ?? throw new ArgumentNullException(nameof(options));
            Tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
            if (options.BaseUrl == null || !options.BaseUrl.IsAbsoluteUri) throw new ArgumentException("The base URL must be an absolute URL.", nameof(options));
            if (Records.Identifiers.CheckProject(options.Project) is string badProject)
                throw new Records.CdfArgumentException("InvalidProject", "Project", badProject);
            if (!CdfClientOptions.IsSafeForBearer(options.BaseUrl))
            {
                throw new CdfApiException(CdfErrorKind.Refused,
                    $"Refusing to send an access token to '{options.BaseUrl.GetLeftPart(UriPartial.Authority)}' over plain http: use https (plain http is allowed only to a loopback address).");
            }

            var root = options.BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
            ApiUrl = new Uri(root + "/api/v1/");
            ProjectUrl = new Uri(ApiUrl, "projects/" + Uri.EscapeDataString(options.Project) + "/");

            var transport = handler ?? CreateHandler();
            _http = new HttpClient(transport, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
            // Identity requests share the connection's handler (its pooled connections), behind the identity guard.
            IdentityClient = IdentityHttp.CreateClient(transport, options.UserAgent);
            if (options.Budgets != null) _pacer = new RequestPacer(options.Budgets);
            _pipeline = BuildPipeline(options, _pacer);
            (tokens as IConnectionIdentityUser)?.UseConnection(this);
        }

        public CdfClientOptions Options { get; }

        public ITokenSource Tokens { get; }

        /// <summary>The connection's client for identity requests: no redirects, every URL checked (see <see cref="IdentityHttp"/>).</summary>
        public HttpClient IdentityClient { get; }

        /// <summary>{base}/api/v1/</summary>
        public Uri ApiUrl { get; }

        /// <summary>{base}/api/v1/projects/{project}/</summary>
        public Uri ProjectUrl { get; }

        private static HttpMessageHandler CreateHandler()
        {
            // On .NET (Core) HttpClientHandler is a thin shell over SocketsHttpHandler, with pooled connections.
            return new HttpClientHandler
            {
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                UseCookies = false,
                AllowAutoRedirect = false,
            };
        }

        /// <summary>Whether the service has answered a request of this client (any status).</summary>
        public bool HasAnswered => _answered;

        private ResiliencePipeline BuildPipeline(CdfClientOptions o, RequestPacer? pacer)
        {
            var builder = new ResiliencePipelineBuilder();
            builder.AddTimeout(new TimeoutStrategyOptions { Timeout = o.TotalTimeout });
            if (o.MaxRetries > 0)
            {
                builder.AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = o.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = o.RetryDelay,
                    MaxDelay = o.MaxRetryDelay,
                    ShouldHandle = args => new ValueTask<bool>(IsRetryable(args.Outcome.Exception, args.Context.CancellationToken)),
                    DelayGenerator = args =>
                    {
                        if (args.Outcome.Exception is CdfApiException { RetryAfter: TimeSpan after })
                            return new ValueTask<TimeSpan?>(after > o.MaxRetryDelay ? o.MaxRetryDelay : after);
                        return new ValueTask<TimeSpan?>((TimeSpan?)null);
                    },
                    OnRetry = args =>
                    {
                        if (args.Context.Properties.TryGetValue(ObserverKey, out var observer) && observer != null)
                        {
                            // Retries going on for a while are shown whatever the preferences: silence looks like a hang.
                            if (observer is IRetryWarning warning && args.Context.Properties.TryGetValue(ClockKey, out var clock)
                                && clock.Elapsed + args.RetryDelay >= o.RetryWarningAfter && !args.Context.Properties.GetValue(WarnedKey, false))
                            {
                                args.Context.Properties.Set(WarnedKey, true);
                                warning.RetryingLong(string.Format(CultureInfo.InvariantCulture,
                                    "Still trying after {0:0} s ({1} attempts so far; retries go on for up to {2:0} s in all): {3}",
                                    clock.Elapsed.TotalSeconds, args.AttemptNumber + 1, o.TotalTimeout.TotalSeconds, Describe(args.Outcome.Exception)));
                            }
                            observer.Retry(string.Format(CultureInfo.InvariantCulture, "Retry {0} of {1} in {2:0.###} s after: {3}",
                                args.AttemptNumber + 1, o.MaxRetries, args.RetryDelay.TotalSeconds, Describe(args.Outcome.Exception)));
                        }
                        return default;
                    },
                });
            }
            if (pacer != null)
            {
                // Each attempt waits its turn in its budget (inside the retries, outside the attempt's own timeout), and holds
                // its concurrency slot until its body is read.
                builder.AddRateLimiter(new RateLimiterStrategyOptions
                {
                    RateLimiter = async args =>
                    {
                        var budget = args.Context.Properties.GetValue(BudgetKey, BudgetClass.None);
                        var lease = await pacer.AcquireAsync(budget, args.Context.CancellationToken).ConfigureAwait(false);
                        if (!lease.IsAcquired) return lease;
                        try
                        {
                            // A query also waits until the answer it is expected to bring fits in the response volume budget.
                            args.Context.Properties.Set(VolumeKey, await pacer.TakeExpectedVolumeAsync(budget, args.Context.CancellationToken).ConfigureAwait(false));
                        }
                        catch
                        {
                            lease.Dispose();
                            throw;
                        }
                        return lease;
                    },
                });
            }
            builder.AddTimeout(new TimeoutStrategyOptions { Timeout = o.AttemptTimeout });
            return builder.Build();
        }

        private static string Describe(Exception? e) => e switch
        {
            null => "no error",
            CdfApiException api => api.Message,
            ResponseTruncatedException => e.Message,
            TimeoutRejectedException => "the attempt timed out",
            _ => e.GetType().Name + ": " + e.Message,
        };

        private bool IsRetryable(Exception? e, CancellationToken token)
        {
            if (e == null || token.IsCancellationRequested) return false;
            if (!_answered && IsUnreachable(e)) return false;
            return e switch
            {
                CdfApiException api => api.IsTransient,
                ResponseTruncatedException unreadable => unreadable.Retryable,
                IdentityRedirectRefusedException => false,
                HttpRequestException h => !IsTlsFailure(h),
                IOException => true,
                TimeoutRejectedException => true,
                OperationCanceledException => true, // not ours (token not cancelled): a connection-level abort
                _ => false,
            };
        }

        /// <summary>A name that does not resolve, or nothing listening at the address (connection refused).</summary>
        internal static bool IsUnreachable(Exception e)
        {
            for (Exception? x = e; x != null; x = x.InnerException)
            {
                if (x is System.Net.Sockets.SocketException s
                    && (s.SocketErrorCode == System.Net.Sockets.SocketError.HostNotFound || s.SocketErrorCode == System.Net.Sockets.SocketError.NoData
                        || s.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionRefused))
                    return true;
            }
            return false;
        }

        /// <summary>An untrusted or invalid certificate does not change on retry.</summary>
        private static bool IsTlsFailure(Exception e)
        {
            for (var inner = e.InnerException; inner != null; inner = inner.InnerException)
                if (inner is System.Security.Authentication.AuthenticationException) return true;
            return false;
        }

        /// <summary>
        /// Sends an identity request (a token post: no bearer) through the connection's identity client and its retries:
        /// 408, 429 and 5xx answers and dropped connections are tried again like API calls; other answers are returned with
        /// their body not read yet (the caller reads it within a cap).
        /// <paramref name="create"/> makes the request anew for each attempt.
        /// </summary>
        public async Task<HttpResponseMessage> SendIdentityAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
        {
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            try
            {
                return await _pipeline.ExecuteAsync(static async (ctx, state) =>
                {
                    using var request = state.create();
                    // Headers only: the caller reads the body within its own cap.
                    var response = await state.client.IdentityClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ctx.CancellationToken).ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    if (status is 408 or 429 || status >= 500)
                    {
                        var retryAfter = RetryAfterOf(response);
                        response.Dispose();
                        throw new CdfApiException(CdfApiException.KindOf(status, null),
                            $"{status} {response.ReasonPhrase} from {request.Method} {request.RequestUri!.GetLeftPart(UriPartial.Path)}", status, retryAfter: retryAfter);
                    }
                    return response;
                }, context, (client: this, create)).ConfigureAwait(false);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        /// <summary>A URL under the project: e.g. "streams/s/records/sync".</summary>
        public Uri ProjectUri(string relative) => new Uri(ProjectUrl, relative);

        /// <summary>A URL under /api/v1/: e.g. "token/inspect".</summary>
        public Uri ApiUri(string relative) => new Uri(ApiUrl, relative);

        /// <summary>
        /// A reader for <see cref="SendAsync{T}"/> when the answer's body is not needed: reads it to the end, so that the
        /// connection can be reused.
        /// </summary>
        public static async Task<bool> DrainAsync(Stream stream, CancellationToken cancellationToken)
        {
            var buffer = new byte[4096];
            while (await stream.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false) > 0) { }
            return true;
        }

        /// <summary>
        /// Sends one API call (retried as a whole when transient) and reads its 2xx body with <paramref name="read"/>,
        /// from the network stream. A body that <paramref name="read"/> finds truncated or invalid counts as a
        /// dropped connection: the same request is sent again. <paramref name="headers"/>, when given, sees the headers of
        /// each 2xx answer before its body is read (the last call is the answer's whose body was returned).
        /// </summary>
        public async Task<T> SendAsync<T>(HttpMethod method, Uri url, Action<Utf8JsonWriter>? writeBody,
            Func<Stream, CancellationToken, Task<T>> read, IRequestObserver? observer, CancellationToken cancellationToken,
            Action<HttpResponseHeaders>? headers = null)
        {
            if (!CdfClientOptions.IsSafeForBearer(url))
                throw new CdfApiException(CdfErrorKind.Refused, $"Refusing to send an access token to '{url.GetLeftPart(UriPartial.Authority)}' over plain http.");

            byte[]? body = null;
            if (writeBody != null)
            {
                using var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writeBody(writer);
                }
                body = buffer.ToArray();
            }

            var budget = _pacer == null ? BudgetClass.None : await BudgetOfAsync(method, url, observer, cancellationToken).ConfigureAwait(false);
            var call = new Call<T>(this, method, url, body, read, observer) { Headers = headers };
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(ObserverKey, observer);
            context.Properties.Set(ClockKey, Stopwatch.StartNew());
            context.Properties.Set(BudgetKey, budget);
            try
            {
                return await _pipeline.ExecuteAsync(static (ctx, c) => c.AttemptAsync(ctx), context, call).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (TimeoutRejectedException e)
            {
                throw new CdfApiException(CdfErrorKind.Connection,
                    $"{method} {url.AbsolutePath} did not complete in time after {call.Attempts} attempt(s): {e.Message}", inner: e);
            }
            catch (CdfApiException e) when (e.IsTransient && call.Attempts > 1)
            {
                throw new CdfApiException(e.Kind, e.Message + $" (gave up after {call.Attempts} attempts)", e.StatusCode, e.ApiCode, e.RequestId, e.Missing, e.Duplicated, e.RetryAfter, e) { Partial = e.Partial };
            }
            catch (HttpRequestException e) when (!_answered && IsUnreachable(e))
            {
                throw new CdfApiException(CdfErrorKind.Connection,
                    $"Nothing answers at {url.GetLeftPart(UriPartial.Authority)} ({Redaction.Clean(Flatten(e))}): the name does not resolve or nothing listens there. " +
                    "Check -Cluster or -BaseUrl. (Not retried: the connection has not reached the service yet.)", inner: e);
            }
            catch (Exception e) when (e is HttpRequestException || e is IOException || e is OperationCanceledException)
            {
                var kind = e is ResponseTruncatedException ? CdfErrorKind.InvalidResponse : CdfErrorKind.Connection;
                throw new CdfApiException(kind,
                    $"{method} {url.GetLeftPart(UriPartial.Path)} failed after {call.Attempts} attempt(s): {Redaction.Clean(Flatten(e))}", inner: e);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        /// <summary>The budget a call counts against. A query's budget depends on its stream's type: when no Streams call
        /// has told it yet, the stream is retrieved once (in the list/retrieve budget) and its type kept for this client.</summary>
        internal async Task<BudgetClass> BudgetOfAsync(HttpMethod method, Uri url, IRequestObserver? observer, CancellationToken cancellationToken)
        {
            var (budget, stream) = RequestBudgets.Classify(method, ProjectUrl, url);
            if (stream == null) return budget;
            var read = _pacer!.IsMutableAsync(stream, () => ReadIsMutableAsync(stream, observer, cancellationToken));
            bool mutable;
            try
            {
                mutable = await read.ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && (e is CdfApiException || e is OperationCanceledException))
            {
                // A transient failure (or the caller that was reading it stopped): the stricter budget this time, and read again next time.
                _pacer.Forget(stream, read);
                observer?.Debug($"The type of stream '{stream}' could not be read ({e.Message}): this query is paced in the immutable streams' budget.");
                mutable = false;
            }
            return mutable ? BudgetClass.RecordsQueryMutable : BudgetClass.RecordsQueryImmutable;
        }

        private async Task<bool> ReadIsMutableAsync(string stream, IRequestObserver? observer, CancellationToken cancellationToken)
        {
            try
            {
                return (await StreamsApi.RetrieveAsync(this, stream, false, observer, cancellationToken).ConfigureAwait(false)).IsMutable;
            }
            catch (CdfApiException e) when (e.StatusCode is int status && status >= 400 && status < 500 && !e.IsTransient)
            {
                // Not found or not allowed: the query will say so itself; until then, the stricter budget. Kept, so that an
                // identity without access to the Streams calls does not ask again for every page.
                observer?.Debug($"The type of stream '{stream}' could not be read ({e.Message}): its queries are paced in the immutable streams' budget.");
                return false;
            }
        }

        /// <summary>What a Streams call said of a stream's type, for the budget of its queries.</summary>
        internal void NoteStream(StreamInfo stream)
        {
            if (_pacer != null && stream.Type != null) _pacer.NoteStream(stream.ExternalId, stream.IsMutable);
        }

        private static string Flatten(Exception e)
        {
            var sb = new StringBuilder(e.Message);
            for (var inner = e.InnerException; inner != null; inner = inner.InnerException)
            {
                if (sb.ToString().IndexOf(inner.Message, StringComparison.Ordinal) < 0) sb.Append(' ').Append(inner.Message);
            }
            return sb.ToString();
        }

        private sealed class Call<T>
        {
            private readonly CdfApiClient _client;
            private readonly HttpMethod _method;
            private readonly Uri _url;
            private readonly byte[]? _body;
            private readonly Func<Stream, CancellationToken, Task<T>> _read;
            private readonly IRequestObserver? _observer;

            public Call(CdfApiClient client, HttpMethod method, Uri url, byte[]? body, Func<Stream, CancellationToken, Task<T>> read, IRequestObserver? observer)
            {
                _client = client; _method = method; _url = url; _body = body; _read = read; _observer = observer;
            }

            public int Attempts;

            /// <summary>Sees the headers of a 2xx answer before its body is read.</summary>
            public Action<HttpResponseHeaders>? Headers;

            // Complete 200 bodies that could not be read: one retry (a proxy's hiccup), then the error.
            private int _unreadable;

            public async ValueTask<T> AttemptAsync(ResilienceContext context)
            {
                var ct = context.CancellationToken;
                Interlocked.Increment(ref Attempts);
                var tokens = _client.Tokens;
                var token = await tokens.GetTokenAsync(false, ct).ConfigureAwait(false);
                var response = await SendOnceAsync(token, ct).ConfigureAwait(false);
                _client._answered = true;
                try
                {
                    if (response.StatusCode == HttpStatusCode.Unauthorized && tokens.CanRefresh)
                    {
                        // The token may have been revoked or expired early: ask the source once more, then fail.
                        _observer?.Debug("401 Unauthorized: asking the token source for a new token once.");
                        response.Dispose();
                        // A cached source knows which token was refused: many calls refused with the same token refresh once.
                        token = tokens is CachedTokenSource cached
                            ? await cached.GetTokenAfterRejectionAsync(token, ct).ConfigureAwait(false)
                            : await tokens.GetTokenAsync(true, ct).ConfigureAwait(false);
                        response = await SendOnceAsync(token, ct).ConfigureAwait(false);
                    }

                    if (!response.IsSuccessStatusCode)
                        throw await ReadErrorAsync(response, token, ct).ConfigureAwait(false);

                    CheckContent(response);
                    Headers?.Invoke(response.Headers);
                    var max = _client.Options.MaxResponseBytes;
                    using var stream = new BoundedReadStream(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), max, TooLarge);
                    try
                    {
                        var result = await _read(stream, ct).ConfigureAwait(false);
                        if (_client._pacer is RequestPacer pacer)
                        {
                            // What the answer weighed beyond what was taken for it is paid before the next query may go.
                            await pacer.PayVolumeAsync(context.Properties.GetValue(BudgetKey, BudgetClass.None), context.Properties.GetValue(VolumeKey, 0), stream.BytesRead, ct).ConfigureAwait(false);
                        }
                        return result;
                    }
                    catch (TruncatedJsonException e)
                    {
                        throw new ResponseTruncatedException($"The response to {_method} {_url.AbsolutePath} was cut short: {e.Message}", e);
                    }
                    catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is FormatException || e is OverflowException || e is DecoderFallbackException)
                    {
                        // A whole body that is not the JSON asked for (invalid UTF-8, too deep, fields missing) will not get
                        // better by asking again and again.
                        var retry = Interlocked.Increment(ref _unreadable) == 1;
                        throw new ResponseTruncatedException($"The response to {_method} {_url.AbsolutePath} is not valid: {Redact(e.Message, token.Value)}", e) { Retryable = retry };
                    }
                }
                finally
                {
                    response.Dispose();
                }
            }

            /// <summary>Whether this call is a records sync that sent a cursor (a resumed sync): its 400s about the cursor are expiry.</summary>
            private bool IsSyncWithCursor()
            {
                if (_body == null || _method != HttpMethod.Post || !_url.AbsolutePath.EndsWith("/records/sync", StringComparison.Ordinal)) return false;
                try
                {
                    var reader = new Utf8JsonReader(_body);
                    if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("cursor")) return reader.Read() && reader.TokenType == JsonTokenType.String;
                        reader.Read();
                        reader.Skip();
                    }
                }
                catch (JsonException)
                {
                }
                return false;
            }

            /// <summary>A 2xx answer that is plainly not the API's (an HTML login page of a proxy) or too large to read.</summary>
            private void CheckContent(HttpResponseMessage response)
            {
                var type = response.Content.Headers.ContentType?.MediaType;
                if (type != null && !type.Equals("application/json", StringComparison.OrdinalIgnoreCase) && !type.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
                {
                    throw new CdfApiException(CdfErrorKind.InvalidResponse,
                        $"{_method} {_url.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} with content type '{Redaction.HeaderValue(type)}', not JSON: " +
                        "something other than the CDF API answered (a proxy or sign-in page?). Check the base URL and the network.",
                        (int)response.StatusCode, requestId: SafeRequestId(response));
                }
                if (response.Content.Headers.ContentLength is long length && length > _client.Options.MaxResponseBytes)
                    throw TooLarge(_client.Options.MaxResponseBytes);
            }

            private CdfApiException TooLarge(long max) => new CdfApiException(CdfErrorKind.InvalidResponse, string.Format(CultureInfo.InvariantCulture,
                "The response to {0} {1} is larger than {2:N0} bytes, far more than the API sends (at most 10 MB a page): refused without reading it whole.",
                _method, _url.GetLeftPart(UriPartial.Path), max), 200);

            private async Task<HttpResponseMessage> SendOnceAsync(AccessToken token, CancellationToken ct)
            {
                CheckHeaderSafe(token);
                using var request = new HttpRequestMessage(_method, _url);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
                request.Headers.TryAddWithoutValidation("cdf-version", CdfClientOptions.ApiVersion);
                request.Headers.TryAddWithoutValidation("User-Agent", _client.Options.UserAgent);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (_body != null)
                {
                    request.Content = new ByteArrayContent(_body);
                    request.Content.Headers.ContentType = JsonMediaType;
                }

                var observer = _observer;
                observer?.Debug(string.Format(CultureInfo.InvariantCulture, "{0} {1} (Authorization: Bearer <redacted>){2}",
                    _method, _url.AbsoluteUri, _body == null ? "" : " body: " + Shorten(Encoding.UTF8.GetString(_body), 2000)));
                var watch = Stopwatch.StartNew();
                var response = await _client._http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                observer?.Debug(string.Format(CultureInfo.InvariantCulture, "{0} {1} in {2} ms (x-request-id: {3})",
                    (int)response.StatusCode, response.ReasonPhrase, watch.ElapsedMilliseconds, SafeRequestId(response, token.Value) ?? "none"));
                return response;
            }

            private async Task<CdfApiException> ReadErrorAsync(HttpResponseMessage response, AccessToken token, CancellationToken ct)
            {
                var status = (int)response.StatusCode;
                string? message = null;
                int? code = null;
                var missing = new List<string>();
                var duplicated = new List<string>();
                var partial = new List<string>();
                try
                {
                    var bytes = await ReadCappedAsync(response, _client.Options.MaxErrorBodyBytes, ct).ConfigureAwait(false);
                    if (bytes.Count > 0)
                    {
                        using var doc = JsonDocument.Parse(bytes);
                        if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                        {
                            if (error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) message = m.GetString();
                            if (error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var ci)) code = ci;
                            if (error.TryGetProperty("missing", out var mi) && mi.ValueKind == JsonValueKind.Array)
                                foreach (var item in mi.EnumerateArray()) missing.Add(item.GetRawText());
                            if (error.TryGetProperty("duplicated", out var du) && du.ValueKind == JsonValueKind.Array)
                                foreach (var item in du.EnumerateArray()) duplicated.Add(item.GetRawText());
                            if (error.TryGetProperty("partial", out var pa) && pa.ValueKind == JsonValueKind.Array)
                                foreach (var item in pa.EnumerateArray()) partial.Add(item.GetRawText());
                        }
                    }
                }
                catch (Exception e) when (e is JsonException || e is IOException || e is HttpRequestException)
                {
                    // An error body that is not the API's shape: the status still says what happened.
                }

                var kind = CdfApiException.KindOf(status, message, status == 400 && IsSyncWithCursor());
                var text = new StringBuilder();
                text.Append(status).Append(' ').Append(response.ReasonPhrase).Append(" from ").Append(_method).Append(' ').Append(_url.AbsolutePath);
                if (!string.IsNullOrEmpty(message)) text.Append(": ").Append(message);
                if (kind == CdfErrorKind.Authentication)
                {
                    if (token.ExpiresOn is DateTimeOffset exp && exp <= DateTimeOffset.UtcNow)
                        text.Append(string.Format(CultureInfo.InvariantCulture, " The access token expired at {0:u}.", exp.ToUniversalTime()));
                    if (!_client.Tokens.CanRefresh) text.Append(" The connection's token cannot be refreshed: connect again with a new token.");
                }
                // Never echo the token, even if an error body did.
                var final = Redaction.Clean(text.ToString(), token.Value);
                return new CdfApiException(kind, final, status, code, SafeRequestId(response, token.Value), missing, duplicated, RetryAfterOf(response)) { Partial = partial };
            }
        }

        internal static string Redact(string text, string secret) => Redaction.Clean(text, secret);

        /// <summary>
        /// At most <paramref name="cap"/> bytes of an error body (an error needs its message, not megabytes); the rest is
        /// not read (the connection is dropped rather than drained).
        /// </summary>
        private static async Task<ArraySegment<byte>> ReadCappedAsync(HttpResponseMessage response, int cap, CancellationToken ct)
        {
            using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var buffer = new byte[Math.Max(1, (int)Math.Min(cap, response.Content.Headers.ContentLength ?? 16 * 1024))];
            var filled = 0;
            while (filled < cap)
            {
                if (filled == buffer.Length) Array.Resize(ref buffer, Math.Min(cap, buffer.Length * 2));
                var n = await stream.ReadAsync(buffer, filled, buffer.Length - filled, ct).ConfigureAwait(false);
                if (n == 0) break;
                filled += n;
            }
            return new ArraySegment<byte>(buffer, 0, filled);
        }

        /// <summary>
        /// A token that an HTTP header cannot carry (a line break or control character, as a script may leave in it)
        /// is refused with a clear error before anything is sent, and never shown.
        /// </summary>
        internal static void CheckHeaderSafe(AccessToken token)
        {
            var value = token.Value;
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c < '!' || c > '~')
                {
                    throw new CdfAuthenticationException(string.Format(CultureInfo.InvariantCulture,
                        "The access token holds a character an HTTP header cannot carry ({0} at position {1} of {2}): a token is one line of printable ASCII. " +
                        "Check where the token comes from (a trailing line break from a file or a script?).",
                        c == '\r' ? "a carriage return" : c == '\n' ? "a line break" : c == ' ' ? "a space" : c < ' ' ? "a control character" : "a non-ASCII character",
                        i + 1, value.Length), CdfAuthenticationException.InvalidTokenCode);
                }
            }
        }

        private static string? SafeRequestId(HttpResponseMessage response, string? token = null) => Redaction.HeaderValue(RequestIdOf(response), token);

        private static string Shorten(string s, int max) => s.Length <= max ? s : s.Substring(0, max) + "…";

        private static string? RequestIdOf(HttpResponseMessage response) =>
            response.Headers.TryGetValues("x-request-id", out var values) ? string.Join(",", values) : null;

        internal static TimeSpan? RetryAfterOf(HttpResponseMessage response)
        {
            var retry = response.Headers.RetryAfter;
            if (retry == null) return null;
            if (retry.Delta is TimeSpan delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            if (retry.Date is DateTimeOffset date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
            return null;
        }

        public void Dispose()
        {
            IdentityClient.Dispose();
            _http.Dispose();
            _pacer?.Dispose();
        }
    }
}
