using System.Threading.Tasks;
using CogniteRecords.Emulator.Aggregation;
using Microsoft.AspNetCore.Http;

namespace CogniteRecords.Emulator.Api
{
    /// <summary>
    /// <c>POST /streams/{id}/records/aggregate</c>: the aggregates of the records a filter request with the same
    /// lastUpdatedTime and filter would see (the same rules, the same read path).
    /// </summary>
    internal sealed class AggregateApi
    {
        private readonly RecordsApi _records;

        public AggregateApi(RecordsApi records) => _records = records;

        public async Task Aggregate(HttpContext ctx)
        {
            var (project, stream) = _records.Resolve(ctx);
            using var doc = await HttpIo.ReadJsonAsync(ctx);
            var body = doc.RootElement;
            Json.RequireObject(body, "", "lastUpdatedTime", "filter", "aggregates");
            // Validate everything before reading: a bad aggregate is a 400 whatever the stream holds.
            var aggregates = new AggregateParser(project).ParseRequest(body);
            var filter = RecordsApi.CompileFilter(body, project);
            var (lower, upper) = RecordsApi.ParseLastUpdated(body, stream);
            var records = RecordsApi.Matching(stream, lower, upper, filter);
            await HttpIo.WriteJsonAsync(ctx, 200, w =>
            {
                w.WriteStartObject();
                w.WritePropertyName("aggregates");
                AggregateNode.WriteLevel(w, aggregates, records);
                w.WriteEndObject();
            });
        }
    }
}
