using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Models;
using CogniteRecords.Core.Records;
using CogniteRecords.Core.Sync;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets Data Modeling spaces: every space of the project, spaces by id, or those matching a wildcard pattern.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CdfSpace")]
    [OutputType(typeof(CdfSpace))]
    public sealed class GetCdfSpaceCommand : CdfApiCmdlet
    {
        private CdfConnection _connection = null!;
        private IRequestObserver? _observer;

        /// <summary>Space ids or wildcard patterns; leave out for every space.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(CogniteRecords.Filters.SpaceCompleter))]
        public string[]? Space { get; set; }

        protected override void BeginProcessingSync()
        {
            _connection = ResolveConnection();
            _observer = CreateObserver();
        }

        protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
        {
            try
            {
                if (Space == null || Space.Length == 0)
                {
                    await SpacesApi.ListAllAsync(_connection.Client, int.MaxValue,
                        page => { foreach (var s in page) QueueObject(new CdfSpace(s)); }, _observer, cancellationToken).ConfigureAwait(false);
                    return;
                }
                var ids = new List<string>();
                var patterns = new List<WildcardPattern>();
                foreach (var s in Space)
                {
                    if (WildcardPattern.ContainsWildcardCharacters(s)) patterns.Add(new WildcardPattern(s, WildcardOptions.IgnoreCase));
                    else if (Identifiers.CheckSpace(s) is string why) QueueError(ErrorMapping.Make("InvalidSpace", ErrorCategory.InvalidArgument, why, s));
                    else if (!ids.Contains(s)) ids.Add(s);
                }
                for (var i = 0; i < ids.Count; i += SpacesApi.MaxItemsPerCall)
                {
                    var chunk = ids.Skip(i).Take(SpacesApi.MaxItemsPerCall).ToList();
                    var found = await SpacesApi.RetrieveAsync(_connection.Client, chunk, _observer, cancellationToken).ConfigureAwait(false);
                    foreach (var id in chunk)
                    {
                        var def = found.FirstOrDefault(f => f.Space == id);
                        if (def != null) QueueObject(new CdfSpace(def));
                        else QueueError(ErrorMapping.Make("SpaceNotFound", ErrorCategory.ObjectNotFound,
                            $"The space '{id}' was not found in project '{_connection.Project}'.", id));
                    }
                }
                if (patterns.Count > 0)
                {
                    await SpacesApi.ListAllAsync(_connection.Client, int.MaxValue, page =>
                    {
                        foreach (var s in page)
                            if (patterns.Any(p => p.IsMatch(s.Space))) QueueObject(new CdfSpace(s));
                    }, _observer, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (CdfApiException e)
            {
                throw new ErrorRecordException(ErrorMapping.ToErrorRecord(e, Space));
            }
        }
    }
}
