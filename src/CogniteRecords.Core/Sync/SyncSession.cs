using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace CogniteRecords.Core.Sync
{
    /// <summary>
    /// One sync from start to end: its <see cref="SyncKey"/>, where it starts (<see cref="Open"/>), and the commit of each
    /// page written whole (<see cref="Commit"/>): the registered sinks' <see cref="ISyncCommitParticipant.PrepareCommit"/>,
    /// then the cursor store and the checkpoint file. Nothing else keeps a sync's cursor.
    /// </summary>
    public sealed class SyncSession : IDisposable
    {
        private readonly List<ISyncCommitParticipant> _participants = new List<ISyncCommitParticipant>();
        private readonly ISyncCursorStore? _store;
        private readonly string? _moduleVersion;
        private IDisposable? _checkpointLock;

        private SyncSession(SyncKey key, SyncRequest request, string? checkpointPath, ISyncCursorStore? store, string? moduleVersion)
        {
            Key = key; Request = request; CheckpointPath = checkpointPath; _store = store; _moduleVersion = moduleVersion;
        }

        /// <summary>
        /// Opens a sync and decides where it starts, before any request. First match wins: an existing checkpoint file
        /// (with <paramref name="checkpointPath"/>; a <see cref="SyncRequest.Cursor"/> alongside it is refused); the
        /// request's cursor; its <see cref="SyncRequest.InitializeCursor"/>; the cursor kept in <paramref name="store"/>
        /// (not with a checkpoint path); else <see cref="SyncRequest.Validate"/> refuses the request (NoCursor).
        /// The checkpoint's lock is held until <see cref="Dispose"/>.
        /// </summary>
        /// <param name="key">What the cursor belongs to (also the key of <paramref name="store"/>).</param>
        /// <param name="request">The request; its cursor is set to where the sync starts.</param>
        /// <param name="checkpointPath">A full file-system path, or null.</param>
        /// <param name="store">Where cursors are kept between calls, or null.</param>
        /// <param name="moduleVersion">Written into the checkpoint file.</param>
        /// <exception cref="CheckpointException">The checkpoint cannot be used.</exception>
        /// <exception cref="CdfArgumentException">The request is refused.</exception>
        public static SyncSession Open(SyncKey key, SyncRequest request, string? checkpointPath, ISyncCursorStore? store, string? moduleVersion = null)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            if (request == null) throw new ArgumentNullException(nameof(request));
            var session = new SyncSession(key, request, checkpointPath, store, moduleVersion);
            try
            {
                session.Start();
                return session;
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }

        /// <summary>What this sync's cursor belongs to; also the key of the cursor store.</summary>
        public SyncKey Key { get; }

        /// <summary>The request, its cursor set to where the sync starts.</summary>
        public SyncRequest Request { get; }

        /// <summary>The checkpoint file (full path), or null.</summary>
        public string? CheckpointPath { get; }

        /// <summary>The checkpoint the sync started from, or null.</summary>
        public SyncCheckpoint? StartCheckpoint { get; private set; }

        /// <summary>Where the sync's start cursor came from.</summary>
        public SyncStart StartKind { get; private set; }

        /// <summary>Where the sync started, in words (for -Verbose and errors), from <see cref="StartKind"/>.</summary>
        public string StartedFrom
        {
            get
            {
                switch (StartKind)
                {
                    case SyncStart.Checkpoint:
                        var checkpoint = StartCheckpoint!;
                        return $"the checkpoint file '{CheckpointPath}' (written {checkpoint.WrittenAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}, {checkpoint.RecordsRead:N0} records so far)" +
                            (Request.InitializeCursor != null ? "; -InitializeCursor is used only when there is no checkpoint file" : "");
                    case SyncStart.Cursor: return "the given -Cursor";
                    case SyncStart.InitializeCursor: return "-InitializeCursor '" + Request.InitializeCursor + "'";
                    case SyncStart.KeptCursor: return "the kept session cursor";
                    default: return "";
                }
            }
        }

        /// <summary>
        /// Read without committing: <see cref="Commit"/> keeps no cursor (neither in the store nor in the checkpoint
        /// file); the sinks still make their output durable. Set before the first page.
        /// </summary>
        public bool Preview { get; set; }

        /// <summary>
        /// The cursor kept in the store for this key when the sync opened, if it did not start from it (a given -Cursor
        /// or -InitializeCursor): the first commit replaces it. Null when there was none, or the sync continues it.
        /// </summary>
        public string? KeptCursorReplaced { get; private set; }

        /// <summary>
        /// When the cursor this sync resumes from was last used (see <see cref="SyncCheckpoint.CursorUsedAt"/>; for a
        /// checkpoint file from before that was kept, its writtenAt), or null: a new start, a given -Cursor, or not known.
        /// </summary>
        public DateTimeOffset? StartCursorUsedAt { get; private set; }

        /// <summary>
        /// How long the service keeps tombstones: a resumed cursor last used longer ago may have missed deletes
        /// (<see cref="CursorAgeWarning"/>). <see cref="CursorRetention.TombstoneRetention"/> unless the host knows better.
        /// </summary>
        public TimeSpan TombstoneRetention { get; set; } = CursorRetention.TombstoneRetention;

        /// <summary>
        /// The warning for a sync that resumed from a cursor last used longer than <see cref="TombstoneRetention"/> before
        /// <paramref name="firstPage"/> (its <see cref="SyncPage.ServerTime"/>, the service's now; else the local clock), or
        /// null. Asked with the first page: the resumed cursor was accepted (an expired one fails before), and the
        /// service's clock is known.
        /// </summary>
        public string? CursorAgeWarning(SyncPage firstPage)
        {
            if (firstPage == null) throw new ArgumentNullException(nameof(firstPage));
            var now = firstPage.ServerTime ?? DateTimeOffset.UtcNow;
            if (StartCursorUsedAt is not DateTimeOffset used || CursorRetention.AgeBeyond(used, now, TombstoneRetention) is not TimeSpan age) return null;
            return CursorRetention.Warning(Request.Stream, age, used, TombstoneRetention, StartCheckpoint != null ? CheckpointPath : null);
        }

        /// <summary>Records committed by this run.</summary>
        public long RecordsCommitted { get; private set; }

        /// <summary>Pages committed by this run.</summary>
        public long PagesCommitted { get; private set; }

        /// <summary>The cursor after the last committed page, or null before the first.</summary>
        public string? LastCommittedCursor { get; private set; }

        /// <summary>Whether the last committed page had reached the newest data.</summary>
        public bool CaughtUp { get; private set; }

        private void Start()
        {
            if (CheckpointPath != null)
            {
                CheckpointFile.CheckFolder(CheckpointPath);
                // Taken before the write probe, which must not touch the temporary file of a sync that holds the lock.
                _checkpointLock = CheckpointFile.Lock(CheckpointPath);
                CheckpointFile.CheckWritable(CheckpointPath);
                var checkpoint = CheckpointFile.Read(CheckpointPath);
                if (checkpoint != null)
                {
                    var differences = checkpoint.Key.Differences(Key, "this sync");
                    if (differences.Count > 0)
                    {
                        throw new CheckpointException("CheckpointKeyMismatch",
                            $"The checkpoint file '{CheckpointPath}' was written for another sync, so its cursor cannot be used here: {string.Join("; ", differences)}. " +
                            "Give this sync its own -CheckpointPath, or delete the file to start this sync over from -InitializeCursor.");
                    }
                    if (Request.Cursor != null)
                    {
                        throw new CheckpointException("CheckpointConflict",
                            $"Both -Cursor and the existing checkpoint file '{CheckpointPath}' say where to start. Drop -Cursor to continue from the checkpoint, " +
                            "or delete the file to start from the given cursor.");
                    }
                    StartCheckpoint = checkpoint;
                    Request.Cursor = checkpoint.Cursor;
                    StartCursorUsedAt = checkpoint.CursorUsedAt ?? (checkpoint.WrittenAt == default ? (DateTimeOffset?)null : checkpoint.WrittenAt);
                    StartKind = SyncStart.Checkpoint;
                }
            }
            if (StartCheckpoint == null)
            {
                if (Request.Cursor != null)
                {
                    StartKind = SyncStart.Cursor;
                }
                else if (Request.InitializeCursor != null)
                {
                    // An explicit start point restarts the sync there; the kept cursor is used when neither is given.
                    StartKind = SyncStart.InitializeCursor;
                }
                else if (CheckpointPath == null && _store?.KeptCursor(Key) is string kept)
                {
                    Request.Cursor = kept;
                    StartCursorUsedAt = _store!.KeptCursorUsedAt(Key);
                    StartKind = SyncStart.KeptCursor;
                }
            }
            if (StartKind != SyncStart.KeptCursor && _store?.KeptCursor(Key) is string other && !string.Equals(other, Request.Cursor, StringComparison.Ordinal))
                KeptCursorReplaced = other;
            Request.Validate();
        }

        /// <summary>
        /// Adds a sink to every later commit, and calls its <see cref="ISyncCommitParticipant.Restore"/> at once with the
        /// state it committed with the start checkpoint (null when there is none). Only before the first commit.
        /// </summary>
        public void Register(ISyncCommitParticipant participant)
        {
            if (participant == null) throw new ArgumentNullException(nameof(participant));
            if (PagesCommitted > 0) throw new InvalidOperationException("A sink can join a sync only before its first page is committed.");
            var key = participant.ParticipantKey;
            foreach (var p in _participants)
            {
                if (string.Equals(p.ParticipantKey, key, StringComparison.Ordinal))
                    throw new InvalidOperationException($"Two sinks of one sync have the key '{key}': each needs its own output.");
            }
            string? state = null;
            StartCheckpoint?.Participants.TryGetValue(key, out state);
            participant.Restore(state);
            _participants.Add(participant);
        }

        /// <summary>The registered sinks' keys.</summary>
        public IReadOnlyList<string> ParticipantKeys
        {
            get
            {
                var keys = new List<string>(_participants.Count);
                foreach (var p in _participants) keys.Add(p.ParticipantKey);
                return keys;
            }
        }

        /// <summary>
        /// Commits a page whose records have all been written downstream (call it on the thread that wrote them): each
        /// sink's <see cref="ISyncCommitParticipant.PrepareCommit"/>, then the cursor store, then the checkpoint file
        /// (with each sink's state). If a sink throws, nothing of the page is committed and the exception goes on as it is.
        /// </summary>
        /// <exception cref="CheckpointException">CheckpointWriteFailed: the page is out, its cursor is not in the file.</exception>
        public void Commit(SyncPage page)
        {
            if (page == null) throw new ArgumentNullException(nameof(page));
            var states = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in _participants) states[p.ParticipantKey] = p.PrepareCommit() ?? "";

            RecordsCommitted += page.Items.Count;
            PagesCommitted++;
            LastCommittedCursor = page.NextCursor;
            CaughtUp = !page.HasNext;
            if (Preview) return;
            var now = DateTimeOffset.UtcNow;
            _store?.Keep(Key, page, now);
            if (CheckpointPath != null)
            {
                // The page is out but, if this fails, its cursor is not kept: the next run repeats it (at-least-once, never lossy).
                CheckpointFile.Write(CheckpointPath, new SyncCheckpoint(Key, page.NextCursor)
                {
                    CaughtUp = !page.HasNext,
                    RecordsRead = (StartCheckpoint?.RecordsRead ?? 0) + RecordsCommitted,
                    PagesRead = (StartCheckpoint?.PagesRead ?? 0) + PagesCommitted,
                    WrittenAt = now,
                    CursorUsedAt = page.ServerTime ?? now,
                    ModuleVersion = _moduleVersion,
                    Participants = states,
                });
            }
        }

        /// <summary>
        /// Pages handed to the output and not yet written: enough to ride out a slow moment on either side, few enough
        /// that memory stays flat (a page of 1000 records is a few megabytes).
        /// </summary>
        public const int PagesAhead = 4;

        /// <summary>
        /// The page loop: reads the pages of <paramref name="reader"/> and hands each to <paramref name="output"/>, whose
        /// write commits it (<see cref="Commit"/>) right after its last record. Reading goes on while earlier pages are
        /// written, up to <see cref="PagesAhead"/> pages ahead. Returns when the reader is done and every page is committed.
        /// </summary>
        public Task RunAsync<T>(SyncReader reader, ISyncPageOutput<T> output, CancellationToken cancellationToken)
        {
            if (reader == null) throw new ArgumentNullException(nameof(reader));
            return RunAsync(reader.ReadNextAsync, output, cancellationToken);
        }

        /// <summary>The page loop over any source of pages (<see cref="SyncReader.ReadNextAsync"/>).</summary>
        public async Task RunAsync<T>(Func<CancellationToken, Task<SyncPage?>> readNextAsync, ISyncPageOutput<T> output, CancellationToken cancellationToken)
        {
            if (readNextAsync == null) throw new ArgumentNullException(nameof(readNextAsync));
            if (output == null) throw new ArgumentNullException(nameof(output));
            var writing = new Queue<Task>();
            while (await readNextAsync(cancellationToken).ConfigureAwait(false) is SyncPage page)
            {
                // Prepared here, off the writing thread; the writer only writes it.
                var prepared = output.Prepare(page);
                // Hand this page over only when few enough wait ahead of the writer, so that memory stays bounded however
                // fast the reading. (On a failure the pages already handed over are still written and committed.)
                if (writing.Count >= PagesAhead) await writing.Dequeue().ConfigureAwait(false);
                writing.Enqueue(output.WriteAsync(page, prepared, () => Commit(page)));
            }
            while (writing.Count > 0) await writing.Dequeue().ConfigureAwait(false);
        }

        /// <summary>Lets go of the checkpoint's lock.</summary>
        public void Dispose()
        {
            _checkpointLock?.Dispose();
            _checkpointLock = null;
        }
    }
}
