using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using CogniteRecords.Emulator.Filtering;

namespace CogniteRecords.Emulator.Storage
{
    /// <summary>
    /// A stream and its records. Every write gets the next change sequence number; the change log holds
    /// versions in that order, and a version whose record changed again is stale and skipped (its record
    /// reappears later in the log with its newer state). So a sync pass that walks the log from a position
    /// sees each changed record once, with its latest state, and never misses a change made while it pages.
    /// </summary>
    public sealed class StreamState
    {
        private readonly object _gate = new();
        private readonly Dictionary<RecordKey, RecordVersion> _current = new();
        private List<RecordVersion> _log = new();
        private long _lastSeq;
        private long _lastTime;
        private int _stale;
        private long _liveCount;
        private long _liveBytes;
        // The oldest tombstone's time (long.MaxValue: none), so retention sweeps only when one is due.
        private long _oldestTombstone = long.MaxValue;

        private readonly StorePolicy _policy;
        private long _lastVisible;

        public StreamState(string externalId, StreamTemplate template, long createdTime, long uid, StorePolicy? policy = null)
        {
            _policy = policy ?? new StorePolicy();
            ExternalId = externalId;
            Template = template;
            CreatedTime = createdTime;
            Uid = uid;
        }

        public string ExternalId { get; }
        public StreamTemplate Template { get; }
        public bool Mutable => Template.Mutable;
        public long CreatedTime { get; }
        /// <summary>A random id of this stream instance: cursors carry it, so a cursor of another stream is refused.</summary>
        public long Uid { get; }
        /// <summary>Set when the stream is soft-deleted.</summary>
        public long? DeletedTime { get; internal set; }

        public long LiveCount { get { lock (_gate) { Expire(); return _liveCount; } } }
        public long LiveBytes { get { lock (_gate) { Expire(); return _liveBytes; } } }
        public long LastSeq { get { lock (_gate) return _lastSeq; } }

        private long NextTime()
        {
            // Monotone per stream, so the log is ordered by lastUpdatedTime too (initializeCursor searches it).
            long now = _policy.NowMs;
            _lastTime = Math.Max(_lastTime, now);
            return _lastTime;
        }

        /// <summary>
        /// When a write made at <paramref name="time"/> becomes visible to reads: after the visibility delay, and
        /// never before an earlier write, so the log is in order of visibility too (a read stops at the first
        /// version it cannot see yet, and a sync cursor never passes a change it has not shown).
        /// </summary>
        private long VisibleFrom(long time, bool atOnce = false)
        {
            _lastVisible = Math.Max(_lastVisible, time + (atOnce ? 0 : (long)_policy.VisibilityDelay.TotalMilliseconds));
            return _lastVisible;
        }

        /// <summary>
        /// Ingest: new records. On a mutable stream an id that exists is a conflict: the other records are
        /// written, and a 409 lists every item in "partial" (202 written, 409 refused) and the clashes in "duplicated".
        /// </summary>
        /// <param name="records">The records.</param>
        /// <param name="atOnce">Visible at once, without the visibility delay (seeding: test setup, not an API write).</param>
        public void Ingest(IReadOnlyList<NewRecord> records, bool atOnce = false)
        {
            JsonArray? clash = null;
            lock (_gate)
            {
                Expire();
                if (Mutable)
                {
                    foreach (var r in records)
                        if (_current.TryGetValue(new RecordKey(r.Space, r.ExternalId), out var v) && !v.IsDeleted)
                            (clash ??= new JsonArray()).Add(new JsonObject { ["space"] = r.Space, ["externalId"] = r.ExternalId });
                    if (clash != null)
                    {
                        var refused = new HashSet<RecordKey>(clash.Select(c => new RecordKey((string)c!["space"]!, (string)c!["externalId"]!)));
                        var accepted = records.Where(r => !refused.Contains(new RecordKey(r.Space, r.ExternalId))).ToList();
                        WriteNew(accepted, atOnce);
                        var partial = new JsonArray();
                        foreach (var r in accepted) partial.Add(new JsonObject { ["space"] = r.Space, ["externalId"] = r.ExternalId, ["code"] = 202 });
                        foreach (var c in clash)
                            partial.Add(new JsonObject { ["space"] = (string)c!["space"]!, ["externalId"] = (string)c["externalId"]!, ["code"] = 409, ["message"] = "A record with this id already exists." });
                        throw new ApiException(409, $"{clash.Count} record(s) already exist in stream '{ExternalId}' (use upsert to replace them); the other {accepted.Count} were written.",
                            duplicated: clash) { Partial = partial };
                    }
                }
                WriteNew(records, atOnce);
            }
        }

        private void WriteNew(IReadOnlyList<NewRecord> records, bool atOnce)
        {
            {
                long time = NextTime();
                foreach (var r in records)
                {
                    var key = new RecordKey(r.Space, r.ExternalId);
                    if (!Mutable)
                    {
                        // Immutable: an exact duplicate is dropped; same id with other content is a new record.
                        if (_current.TryGetValue(key, out var head))
                        {
                            bool dup = false;
                            for (var v = head; v != null; v = v.NextSameId)
                                if (v.Properties!.AsSpan().SequenceEqual(r.Properties)) { dup = true; break; }
                            if (dup) continue;
                            var added = Append(r, time, time, RecordStatus.Created, atOnce);
                            added.NextSameId = head.NextSameId;
                            head.NextSameId = added;
                            continue;
                        }
                    }
                    var created = Append(r, time, time, RecordStatus.Created, atOnce);
                    if (_current.TryGetValue(key, out var tomb)) Retire(tomb, created);
                    _current[key] = created;
                }
                Compact();
            }
        }

        /// <summary>Upsert (mutable streams): a match is replaced whole and reported as updated.</summary>
        /// <param name="records">The records.</param>
        /// <param name="atOnce">Visible at once, without the visibility delay (seeding: test setup, not an API write).</param>
        public void Upsert(IReadOnlyList<NewRecord> records, bool atOnce = false)
        {
            lock (_gate)
            {
                Expire();
                long time = NextTime();
                foreach (var r in records)
                {
                    var key = new RecordKey(r.Space, r.ExternalId);
                    bool exists = _current.TryGetValue(key, out var old) && !old!.IsDeleted;
                    var added = exists ? Append(r, old!.CreatedTime, time, RecordStatus.Updated, atOnce) : Append(r, time, time, RecordStatus.Created, atOnce);
                    if (old != null) Retire(old, added);
                    _current[key] = added;
                }
                Compact();
            }
        }

        /// <summary>Delete (mutable streams): leaves a tombstone that sync returns; unknown ids are ignored.</summary>
        public int Delete(IReadOnlyList<RecordKey> keys)
        {
            int deleted = 0;
            lock (_gate)
            {
                Expire();
                long time = NextTime();
                foreach (var key in keys)
                {
                    if (!_current.TryGetValue(key, out var old) || old.IsDeleted) continue;
                    var tomb = new RecordVersion(key.Space, key.ExternalId, old.CreatedTime, time, ++_lastSeq, RecordStatus.Deleted, null, Array.Empty<(string, string)>())
                    {
                        VisibleAt = VisibleFrom(time),
                    };
                    Retire(old, tomb);
                    _log.Add(tomb);
                    _oldestTombstone = Math.Min(_oldestTombstone, time);
                    _current[key] = tomb;
                    deleted++;
                }
                Compact();
            }
            return deleted;
        }

        /// <summary>Appends seeded or restored versions as they are (no validation: the caller made them).</summary>
        internal void AppendRaw(IEnumerable<RecordVersion> versions, bool assignSeq)
        {
            lock (_gate)
            {
                foreach (var v in versions)
                {
                    if (assignSeq) v.Seq = ++_lastSeq;
                    _lastSeq = Math.Max(_lastSeq, v.Seq);
                    _lastTime = Math.Max(_lastTime, v.LastUpdatedTime);
                    // Seeded and restored versions are visible at once (no delay), but not before earlier writes.
                    _lastVisible = Math.Max(_lastVisible, v.LastUpdatedTime);
                    v.VisibleAt = _lastVisible;
                    _log.Add(v);
                    if (!Mutable && _current.TryGetValue(v.Key, out var head))
                    {
                        v.NextSameId = head.NextSameId;
                        head.NextSameId = v;
                    }
                    else
                    {
                        if (_current.TryGetValue(v.Key, out var old)) Retire(old, v);
                        _current[v.Key] = v;
                    }
                    if (!v.IsDeleted) { _liveCount++; _liveBytes += v.Properties!.Length; }
                    else _oldestTombstone = Math.Min(_oldestTombstone, v.LastUpdatedTime);
                }
            }
        }

        /// <summary>Now by the emulator's clock, in epoch milliseconds.</summary>
        public long NowMs => _policy.NowMs;

        /// <summary>The stream's clock: monotone, so seeded records sort with the rest.</summary>
        internal long Now() { lock (_gate) return NextTime(); }

        private RecordVersion Append(NewRecord r, long created, long updated, RecordStatus status, bool atOnce)
        {
            var v = new RecordVersion(r.Space, r.ExternalId, created, updated, ++_lastSeq, status, r.Properties, r.Containers)
            {
                VisibleAt = VisibleFrom(updated, atOnce),
            };
            _log.Add(v);
            _liveCount++;
            _liveBytes += r.Properties.Length;
            return v;
        }

        private void Retire(RecordVersion old, RecordVersion successor)
        {
            old.Successor = successor;
            _stale++;
            if (!old.IsDeleted) { _liveCount--; _liveBytes -= old.Properties!.Length; }
        }

        /// <summary>
        /// Retention, before every read and write (under the lock): records older than the template's dataDeletedAfter
        /// leave every endpoint (a prefix of the log, which is in time order), and tombstones older than the tombstone
        /// retention leave sync. Cheap when nothing is due.
        /// </summary>
        private void Expire()
        {
            long now = _policy.NowMs;
            long dataCutoff = Template.DataRetention is TimeSpan keep ? now - (long)keep.TotalMilliseconds : long.MinValue;
            long tombCutoff = now - (long)_policy.TombstoneRetention.TotalMilliseconds;
            int prefix = 0;
            while (prefix < _log.Count && _log[prefix].LastUpdatedTime < dataCutoff) prefix++;
            bool tombsDue = _oldestTombstone < tombCutoff;
            if (prefix == 0 && !tombsDue) return;

            var touched = new HashSet<RecordKey>();
            bool Drop(RecordVersion v)
            {
                if (v.Successor == null && !v.IsDeleted) { _liveCount--; _liveBytes -= v.Properties!.Length; }
                if (v.Successor != null) _stale--;
                touched.Add(v.Key);
                return true;
            }
            for (int i = 0; i < prefix; i++) Drop(_log[i]);
            var kept = new List<RecordVersion>(_log.Count - prefix);
            long oldest = long.MaxValue;
            for (int i = prefix; i < _log.Count; i++)
            {
                var v = _log[i];
                if (v.IsDeleted && tombsDue && v.LastUpdatedTime < tombCutoff) { Drop(v); continue; }
                if (v.IsDeleted) oldest = Math.Min(oldest, v.LastUpdatedTime);
                kept.Add(v);
            }
            _log = kept;
            _oldestTombstone = oldest;
            foreach (var key in touched)
            {
                if (!_current.TryGetValue(key, out var head)) continue;
                // Relink what is left of the key (immutable streams chain records that share an id).
                RecordVersion? first = null, last = null;
                for (var v = head; v != null; v = v.NextSameId)
                {
                    bool gone = v.LastUpdatedTime < dataCutoff || (v.IsDeleted && v.LastUpdatedTime < tombCutoff);
                    if (gone) continue;
                    if (first == null) first = v; else last!.NextSameId = v;
                    last = v;
                }
                if (last != null) last.NextSameId = null;
                if (first == null) _current.Remove(key); else _current[key] = first;
            }
        }

        private void Compact()
        {
            if (_stale < 4096 || _stale < _log.Count / 2) return;
            long now = _policy.NowMs;
            // A replaced version stays while its successor is not visible yet: reads still show it.
            _log = _log.Where(v => !IsHidden(v, now)).ToList();
            _stale = _log.Count(v => v.Successor != null);
        }

        // Only versions replaced on a mutable stream have a successor; immutable streams keep every record.
        private static bool IsHidden(RecordVersion v, long now) => v.Successor is { } s && s.VisibleAt <= now;

        /// <summary>The position (a sequence number) just before the first change at or after the given time.</summary>
        public long PositionAt(long epochMs)
        {
            lock (_gate)
            {
                int lo = 0, hi = _log.Count;
                while (lo < hi)
                {
                    int mid = (lo + hi) >>> 1;
                    if (_log[mid].LastUpdatedTime < epochMs) lo = mid + 1; else hi = mid;
                }
                return lo < _log.Count ? _log[lo].Seq - 1 : _lastSeq;
            }
        }

        /// <summary>
        /// Finds up to <paramref name="limit"/> changes after <paramref name="position"/> that match the filter,
        /// scanning at most <paramref name="maxScan"/> log entries so a rare filter cannot stall a request.
        /// </summary>
        public SyncScan ScanChanges(long position, int limit, RecordFilterEvaluator? filter, int maxScan = 200_000)
        {
            var items = new List<RecordVersion>(Math.Min(limit, 1024));
            lock (_gate)
            {
                Expire();
                long now = _policy.NowMs;
                int i = FirstIndexAfter(position);
                int scanned = 0;
                long pos = position;
                for (; i < _log.Count && items.Count < limit && scanned < maxScan; i++, scanned++)
                {
                    var v = _log[i];
                    // The log is in order of visibility: nothing from here on can be seen yet, and the cursor stays before it.
                    if (v.VisibleAt > now) break;
                    pos = v.Seq;
                    if (IsHidden(v, now)) continue;
                    if (filter != null && !filter.Matches(v)) continue;
                    items.Add(v);
                }
                return new SyncScan(items, pos, i < _log.Count && _log[i].VisibleAt <= now);
            }
        }

        private int FirstIndexAfter(long seq)
        {
            int lo = 0, hi = _log.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_log[mid].Seq <= seq) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        /// <summary>
        /// The current, not deleted records in order of last change, as reads see them now (what filter and aggregate
        /// read): a write is seen only after the visibility delay, and until then the version it replaced is.
        /// </summary>
        public List<RecordVersion> LiveRecords(Func<RecordVersion, bool> predicate)
        {
            lock (_gate)
            {
                Expire();
                long now = _policy.NowMs;
                var result = new List<RecordVersion>();
                foreach (var v in _log)
                {
                    if (v.VisibleAt > now) break;
                    if (!v.IsDeleted && !IsHidden(v, now) && predicate(v)) result.Add(v);
                }
                return result;
            }
        }

        /// <summary>Every current version, tombstones included, in log order (what a snapshot saves).</summary>
        internal List<RecordVersion> CurrentVersions()
        {
            lock (_gate)
            {
                Expire();
                return _log.Where(v => v.Successor == null).ToList();
            }
        }
    }
}
