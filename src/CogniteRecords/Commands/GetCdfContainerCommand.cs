using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Core.Http;
using CogniteRecords.Core.Models;
using CogniteRecords.Core.Records;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets Data Modeling containers: the properties (columns) records of a stream can have.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CdfContainer", DefaultParameterSetName = "List")]
    [OutputType(typeof(CdfContainer))]
    public sealed class GetCdfContainerCommand : CdfApiCmdlet
    {
        private CdfConnection _connection = null!;
        private IRequestObserver? _observer;

        /// <summary>Containers by id: 'space/container', or bare external ids with -Space.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = "ById", ValueFromPipeline = true)]
        [ArgumentCompleter(typeof(CogniteRecords.Filters.FilterContainerCompleter))]
        public string[] Container { get; set; } = null!;

        /// <summary>Only the containers of this space (with -Container: the space of bare ids).</summary>
        [Parameter(ParameterSetName = "List")]
        [Parameter(ParameterSetName = "ById")]
        [ArgumentCompleter(typeof(CogniteRecords.Filters.SpaceCompleter))]
        public string? Space { get; set; }

        protected override void BeginProcessingSync()
        {
            _connection = ResolveConnection();
            _observer = CreateObserver();
            if (Space != null && Identifiers.CheckSpace(Space) is string why)
                ThrowTerminatingError(ErrorMapping.Make("InvalidSpace", ErrorCategory.InvalidArgument, why, Space));
        }

        protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
        {
            try
            {
                if (ParameterSetName == "ById")
                {
                    var ids = new List<(string, string)>();
                    foreach (var c in Container)
                    {
                        var id = ContainerIds.Parse(c, Space, out var invalid);
                        if (invalid != null) throw new ErrorRecordException(invalid);
                        if (!ids.Contains(id!.Value)) ids.Add(id.Value);
                    }
                    for (var i = 0; i < ids.Count; i += 100)
                    {
                        var chunk = ids.Skip(i).Take(100).ToList();
                        var found = await ContainersApi.RetrieveAsync(_connection.Client, chunk, _observer, cancellationToken).ConfigureAwait(false);
                        foreach (var id in chunk)
                        {
                            var def = found.FirstOrDefault(f => f.Space == id.Item1 && f.ExternalId == id.Item2);
                            if (def != null) QueueObject(new CdfContainer(def));
                            else QueueError(ErrorMapping.Make("ContainerNotFound", ErrorCategory.ObjectNotFound,
                                $"The container '{id.Item1}/{id.Item2}' was not found in project '{_connection.Project}'.", id.Item1 + "/" + id.Item2));
                        }
                    }
                    return;
                }
                await ContainersApi.ListAllAsync(_connection.Client, Space, int.MaxValue,
                    page => { foreach (var def in page) QueueObject(new CdfContainer(def)); }, _observer, cancellationToken).ConfigureAwait(false);
            }
            catch (CdfApiException e)
            {
                throw new ErrorRecordException(ErrorMapping.ToErrorRecord(e, Space));
            }
        }
    }
}
