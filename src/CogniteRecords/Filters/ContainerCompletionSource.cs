using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using System.Threading;
using CogniteRecords.Core.Models;
using CogniteRecords.Core.Streams;
using CogniteRecords.Internal;

namespace CogniteRecords.Filters
{
    /// <summary>
    /// The connected project's containers, spaces and streams, each read once a minute at most, for tab completion. Completion never
    /// fails loudly: no connection, a slow or failing service, or anything else gives no suggestions.
    /// </summary>
    internal static class ContainerCompletionSource
    {
        private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
        private static readonly TimeSpan FailureBackoff = TimeSpan.FromSeconds(15);
        private static readonly ConditionalWeakTable<CdfConnection, Entry> s_cache = new ConditionalWeakTable<CdfConnection, Entry>();

        private sealed class Entry
        {
            public DateTime ContainersReadAt;
            public IReadOnlyList<ContainerDefinition> Containers = Array.Empty<ContainerDefinition>();
            public DateTime SpacesReadAt;
            public IReadOnlyList<SpaceDefinition> Spaces = Array.Empty<SpaceDefinition>();
            public DateTime StreamsReadAt;
            public IReadOnlyList<StreamInfo> Streams = Array.Empty<StreamInfo>();
        }

        /// <summary>The containers of -Connection when the command line names one (fakeBoundParameters), else of the default connection.</summary>
        public static IReadOnlyList<ContainerDefinition> Containers(IDictionary? fakeBoundParameters = null) =>
            Read(fakeBoundParameters, e => e.ContainersReadAt, (e, t) => e.ContainersReadAt = t, e => e.Containers, (e, v) => e.Containers = v,
                (connection, add, ct) => ContainersApi.ListAllAsync(connection.Client, null, 5000, add, null, ct));

        /// <summary>The connected project's spaces (New-CdfSpace, Remove-CdfSpace, -Space), cached like the containers.</summary>
        public static IReadOnlyList<SpaceDefinition> Spaces(IDictionary? fakeBoundParameters = null) =>
            Read(fakeBoundParameters, e => e.SpacesReadAt, (e, t) => e.SpacesReadAt = t, e => e.Spaces, (e, v) => e.Spaces = v,
                (connection, add, ct) => SpacesApi.ListAllAsync(connection.Client, 5000, add, null, ct));

        /// <summary>The connected project's streams (-Stream), cached like the containers (one list call, no statistics).</summary>
        public static IReadOnlyList<StreamInfo> Streams(IDictionary? fakeBoundParameters = null) =>
            Read(fakeBoundParameters, e => e.StreamsReadAt, (e, t) => e.StreamsReadAt = t, e => e.Streams, (e, v) => e.Streams = v,
                async (connection, add, ct) => add(await StreamsApi.ListAsync(connection.Client, null, ct).ConfigureAwait(false)));

        /// <summary>The connection a completion reads through: -Connection on the command line when its value is known, else the default one.</summary>
        internal static CdfConnection? ConnectionOf(IDictionary? fakeBoundParameters)
        {
            object? given = null;
            try { given = fakeBoundParameters?["Connection"]; } catch { }
            if (given is PSObject pso) given = pso.BaseObject;
            return given as CdfConnection ?? SessionStore.For(Runspace.DefaultRunspace).DefaultConnection;
        }

        private static IReadOnlyList<T> Read<T>(IDictionary? fakeBoundParameters, Func<Entry, DateTime> readAt, Action<Entry, DateTime> setReadAt,
            Func<Entry, IReadOnlyList<T>> get, Action<Entry, IReadOnlyList<T>> set,
            Func<CdfConnection, Action<IReadOnlyList<T>>, CancellationToken, System.Threading.Tasks.Task> list)
        {
            try
            {
                var connection = ConnectionOf(fakeBoundParameters);
                if (connection == null) return Array.Empty<T>();
                var entry = s_cache.GetOrCreateValue(connection);
                lock (entry)
                {
                    if (DateTime.UtcNow - readAt(entry) > Lifetime)
                    {
                        try
                        {
                            using (var cts = new CancellationTokenSource(Timeout))
                            {
                                var items = new List<T>();
                                list(connection, items.AddRange, cts.Token).GetAwaiter().GetResult();
                                set(entry, items);
                            }
                            setReadAt(entry, DateTime.UtcNow);
                        }
                        catch
                        {
                            // A service that is down or slow costs one wait of at most Timeout, then none for a while:
                            // what was read before (if anything) is offered meanwhile.
                            setReadAt(entry, DateTime.UtcNow - Lifetime + FailureBackoff);
                        }
                    }
                    return get(entry);
                }
            }
            catch
            {
                // Completion stays silent.
                return Array.Empty<T>();
            }
        }

        /// <summary>Forgets what was read for a connection, so the next completion shows a space or container just made or removed.</summary>
        public static void Invalidate(CdfConnection connection) => s_cache.Remove(connection);

        public static IEnumerable<CompletionResult> Results(IEnumerable<(string Text, string Tip)> candidates, string wordToComplete)
        {
            string word = (wordToComplete ?? "").Trim('\'', '"');
            return candidates
                .Where(c => c.Text.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .OrderBy(c => c.Text, StringComparer.OrdinalIgnoreCase)
                .Select(c => new CompletionResult(Quote(c.Text), c.Text, CompletionResultType.ParameterValue, c.Tip));
        }

        private static string Quote(string text) => text.IndexOfAny(new[] { ' ', '\'', '$', '`', ',', ';', '(', ')', '{', '}', '@', '#' }) >= 0 ? "'" + text.Replace("'", "''") + "'" : text;
    }
}
