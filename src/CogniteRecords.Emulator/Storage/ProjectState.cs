using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using CogniteRecords.Emulator.Filtering;

namespace CogniteRecords.Emulator.Storage
{
    /// <summary>One CDF project: its spaces, containers and streams. The container store is the filter's schema.</summary>
    public sealed class ProjectState : IPropertySchema
    {
        private readonly object _streamsGate = new();
        private readonly Dictionary<string, StreamState> _streams = new(StringComparer.Ordinal);

        public ProjectState(string name, StorePolicy? policy = null)
        {
            Name = name;
            Policy = policy ?? new StorePolicy();
        }

        public string Name { get; }

        /// <summary>The clock and read rules of the store (shared by its projects).</summary>
        public StorePolicy Policy { get; }

        /// <summary>Now in epoch milliseconds, by the emulator's clock.</summary>
        public long NowMs => Policy.NowMs;

        public ConcurrentDictionary<string, SpaceDef> Spaces { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<(string Space, string ExternalId), ContainerDef> Containers { get; } = new();

        public bool TryGetPropertyType(string space, string container, string property, out string type, out bool isList)
        {
            if (Containers.TryGetValue((space, container), out var c) && c.Properties.TryGetValue(property, out var p))
            {
                type = p.Type;
                isList = p.IsList;
                return true;
            }
            type = "";
            isList = false;
            return false;
        }

        public SpaceDef EnsureSpace(string space)
        {
            long now = NowMs;
            return Spaces.GetOrAdd(space, s => new SpaceDef(s, null, null, now, now));
        }

        /// <summary>Creates a stream; 409 when the id is taken (also while a soft-deleted stream holds it).</summary>
        public StreamState CreateStream(string externalId, StreamTemplate template, long? createdTime = null, long? uid = null)
        {
            lock (_streamsGate)
            {
                ForgetExpiredStreams();
                if (_streams.TryGetValue(externalId, out var existing))
                {
                    throw existing.DeletedTime != null
                        ? new ApiException(409, $"Stream '{externalId}' was deleted and is kept for {existing.Template.RetainedAfterSoftDelete}; its id cannot be reused until then.")
                        : new ApiException(409, $"Stream '{externalId}' already exists.");
                }
                // Restored streams (createdTime given) are not new: quotas apply to creates only.
                if (Policy.StreamQuotas && createdTime == null) CheckQuotas(template);
                var stream = new StreamState(externalId, template, createdTime ?? NowMs,
                    uid ?? BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)), Policy);
                _streams[externalId] = stream;
                return stream;
            }
        }

        /// <summary>A soft-deleted stream is kept for its template's retainedAfterSoftDelete; then its id is free again.</summary>
        private void ForgetExpiredStreams()
        {
            long now = NowMs;
            List<string>? gone = null;
            foreach (var s in _streams.Values)
                if (s.DeletedTime is long deleted && deleted + (long)s.Template.SoftDeleteRetention.TotalMilliseconds <= now)
                    (gone ??= new List<string>()).Add(s.ExternalId);
            if (gone != null) foreach (var id in gone) _streams.Remove(id);
        }

        private void CheckQuotas(StreamTemplate template)
        {
            int active = 0, softDeleted = 0;
            foreach (var s in _streams.Values)
            {
                if (s.DeletedTime != null) softDeleted++;
                else if (s.Template.Name == template.Name) active++;
            }
            if (template.MaxActiveStreams is int max && active >= max)
                throw new ApiException(409, $"Stream quota reached: project '{Name}' may have {max} active stream(s) of template '{template.Name}' and has {active}. Delete one, or use another template.");
            if (softDeleted >= Policy.MaxSoftDeletedStreams)
                throw new ApiException(409, $"Stream quota reached: project '{Name}' holds {softDeleted} soft-deleted streams, the most it may (soft-deleted streams quota: {Policy.MaxSoftDeletedStreams}). Wait until one's retention after soft delete ends.");
        }

        /// <summary>A stream that exists and is not soft-deleted; 404 otherwise.</summary>
        public StreamState GetStream(string externalId)
        {
            lock (_streamsGate)
            {
                if (_streams.TryGetValue(externalId, out var s) && s.DeletedTime == null) return s;
            }
            throw new ApiException(404, $"Stream '{externalId}' does not exist.");
        }

        public bool TryGetStream(string externalId, out StreamState? stream)
        {
            lock (_streamsGate)
            {
                if (_streams.TryGetValue(externalId, out var s) && s.DeletedTime == null) { stream = s; return true; }
            }
            stream = null;
            return false;
        }

        /// <summary>Soft-deletes a stream; idempotent. Returns false when the id is unknown.</summary>
        public bool SoftDeleteStream(string externalId)
        {
            lock (_streamsGate)
            {
                if (!_streams.TryGetValue(externalId, out var s)) return false;
                s.DeletedTime ??= NowMs;
                return true;
            }
        }

        /// <summary>Every stream, soft-deleted ones included (snapshots keep them).</summary>
        public List<StreamState> AllStreams()
        {
            lock (_streamsGate)
            {
                ForgetExpiredStreams();
                return _streams.Values.ToList();
            }
        }

        public List<StreamState> LiveStreams()
        {
            lock (_streamsGate) return _streams.Values.Where(s => s.DeletedTime == null).OrderBy(s => s.CreatedTime).ThenBy(s => s.ExternalId).ToList();
        }

        internal void Clear()
        {
            lock (_streamsGate) _streams.Clear();
            Spaces.Clear();
            Containers.Clear();
        }
    }
}
