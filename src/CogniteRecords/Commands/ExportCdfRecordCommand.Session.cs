using System;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CogniteRecords.Core.Export;
using CogniteRecords.Core.Sync;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    // Export-CdfRecord downstream of Sync-CdfRecord -CheckpointPath: the output takes part in each page's commit. After a
    // page's last record has been written here, the rows are flushed to storage and the output's committed length (or
    // last finished part) is returned, and only then does the sync write the page's cursor, with that state, to the
    // checkpoint. The next run first cuts the output back to that state, so the pages it reads again are written once.
    public sealed partial class ExportCdfRecordCommand
    {
        private SessionParticipant? _participant;

        /// <summary>In BeginProcessing: joins the commits of a Sync-CdfRecord -CheckpointPath upstream in this pipeline, if any.</summary>
        private void BeginSession()
        {
            if (_skip) return;
            var session = ActiveSyncSessions.FindUpstream(Runspace.DefaultRunspace, MyInvocation);
            // Without a checkpoint file nothing outlives the process, so there is nothing to keep in step with.
            if (session?.CheckpointPath == null) return;
            if (Force && File.Exists(_path))
            {
                var attributes = File.GetAttributes(_path);
                if ((attributes & FileAttributes.ReadOnly) != 0) File.SetAttributes(_path, attributes & ~FileAttributes.ReadOnly);
            }
            var participant = new SessionParticipant(this, session.CheckpointPath);
            try
            {
                session.Register(participant);
            }
            catch (ExportException e)
            {
                ThrowTerminatingError(ToErrorRecord(e, null));
            }
            _participant = participant;
            var restored = participant.Restored!;
            WriteVerbose(string.Format(CultureInfo.InvariantCulture, "'{0}' takes part in the commits of the sync (checkpoint '{1}'){2}.", _path, session.CheckpointPath,
                restored.CommittedState == null ? "" : "; it continues from the state committed with the cursor: " + restored.CommittedState));
            if (restored.CutBack > 0)
            {
                WriteVerbose(string.Format(CultureInfo.InvariantCulture,
                    "'{0}': removed {1:N0} bytes of rows (or parts) whose sync cursor was never committed; the sync reads those records again.", _path, restored.CutBack));
            }
        }

        /// <summary>The output's state kept with the sync's cursor, for the writer to open with; null when not downstream of a sync that keeps one.</summary>
        private string? RegisterWithSession() => _participant?.Restored?.CommittedState;

        /// <summary>In EndProcessing, after the sync's last commit: the note of where the output started is no longer needed.</summary>
        private void CompleteSession()
        {
            if (_participant != null && _participant.Commits > 0) _participant.Restored?.ForgetBase();
        }

        private void EndSession()
        {
            _participant = null;
        }

        /// <summary>The output's side of the sync's commit (the cmdlet does not implement the engine's interface itself: importing the module must not load the engine).</summary>
        private sealed class SessionParticipant : ISyncCommitParticipant
        {
            private readonly ExportCdfRecordCommand _command;
            private readonly string _checkpointPath;

            public SessionParticipant(ExportCdfRecordCommand command, string checkpointPath)
            {
                _command = command;
                _checkpointPath = checkpointPath;
                ParticipantKey = "export|" + command._path;
            }

            public string ParticipantKey { get; }

            public ExportRestore? Restored { get; private set; }

            /// <summary>Commits prepared in this run.</summary>
            public int Commits { get; private set; }

            public void Restore(string? committedState)
            {
                var format = (ExportFormat)Enum.Parse(typeof(ExportFormat), _command._format);
                Restored = ExportRestore.Apply(format, _command._path, committedState, _command.Append, _checkpointPath);
            }

            public string PrepareCommit()
            {
                // The commit before this one is on the disk (the sync got to the next page), with this output's state in it.
                if (++Commits > 1) Restored!.ForgetBase();
                var writer = _command._writer;
                // Nothing written in this run yet: the output is as restored (or as it was).
                if (writer == null) return Restored!.BaseState;
                return writer.Commit(durable: true);
            }
        }
    }
}
