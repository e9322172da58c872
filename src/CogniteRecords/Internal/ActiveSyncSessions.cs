using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Internal
{
    /// <summary>
    /// How a command downstream of Sync-CdfRecord finds its session (to take part in its commits). Sync-CdfRecord
    /// publishes its session in its BeginProcessing and withdraws it when its ProcessRecord starts (and in Dispose).
    /// PowerShell runs every BeginProcessing of a pipeline, in order, before the first ProcessRecord, so a command
    /// further down the same pipeline sees the session in its own BeginProcessing, and a pipeline nested in a later
    /// ProcessRecord (a script block's) never does. The pipeline length and positions must also agree.
    /// </summary>
    internal static class ActiveSyncSessions
    {
        private sealed class Entry
        {
            public Entry(SyncSession session, int length, int position, IRecordPageSource? source) { Session = session; Length = length; Position = position; Source = source; }
            public SyncSession Session { get; }
            public IRecordPageSource? Source { get; }
            public int Length { get; }
            public int Position { get; }
        }

        private static readonly ConditionalWeakTable<Runspace, List<Entry>> s_active = new ConditionalWeakTable<Runspace, List<Entry>>();
        private static readonly List<Entry> s_noRunspace = new List<Entry>();

        private static List<Entry> For(Runspace? runspace) => runspace == null ? s_noRunspace : s_active.GetValue(runspace, _ => new List<Entry>());

        /// <summary>Publishes a session for the commands after <paramref name="invocation"/> in its pipeline (call in BeginProcessing).</summary>
        public static void Publish(Runspace? runspace, SyncSession session, InvocationInfo invocation, IRecordPageSource? source = null)
        {
            var list = For(runspace);
            lock (list) list.Add(new Entry(session, invocation.PipelineLength, invocation.PipelinePosition, source));
        }

        /// <summary>Withdraws a session (when its ProcessRecord starts, and when it is disposed); no harm if it is not there.</summary>
        public static void Withdraw(Runspace? runspace, SyncSession session)
        {
            var list = For(runspace);
            lock (list) list.RemoveAll(e => ReferenceEquals(e.Session, session));
        }

        /// <summary>
        /// The session of the Sync-CdfRecord upstream of <paramref name="invocation"/> in the same pipeline, or null. Call it
        /// in BeginProcessing, on the pipeline thread.
        /// </summary>
        public static SyncSession? FindUpstream(Runspace? runspace, InvocationInfo invocation) =>
            FindLast(runspace, invocation, adjacent: false)?.Session;

        /// <summary>
        /// The command that published a session right before <paramref name="invocation"/> in the same pipeline (position
        /// p - 1, same length), if it can hand over its records page by page; else null. Call it in BeginProcessing.
        /// </summary>
        public static IRecordPageSource? FindAdjacentSource(Runspace? runspace, InvocationInfo invocation) =>
            FindLast(runspace, invocation, adjacent: true)?.Source;

        /// <summary>The newest entry of the same pipeline before <paramref name="invocation"/> (right before it, if <paramref name="adjacent"/>).</summary>
        private static Entry? FindLast(Runspace? runspace, InvocationInfo invocation, bool adjacent)
        {
            var list = For(runspace);
            lock (list)
            {
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    var e = list[i];
                    if (e.Length != invocation.PipelineLength) continue;
                    if (adjacent ? e.Position == invocation.PipelinePosition - 1 : e.Position < invocation.PipelinePosition) return e;
                }
            }
            return null;
        }

        private static readonly string[] s_streamParameters =
        {
            "OutVariable", "OutBuffer", "PipelineVariable", "ErrorAction", "ErrorVariable", "WarningAction", "WarningVariable",
            "InformationAction", "InformationVariable",
        };

        /// <summary>
        /// Whether the command was given a common parameter that sees or treats its output or errors its own way
        /// (-OutVariable, -ErrorAction, ...): the two commands of a fused pipeline then do not fuse.
        /// </summary>
        public static bool BindsStreamParameters(InvocationInfo invocation)
        {
            foreach (var name in s_streamParameters)
            {
                if (invocation.BoundParameters.ContainsKey(name)) return true;
            }
            return false;
        }
    }
}
