using System.Text.Json;
using CogniteRecords.Emulator.Filtering;

namespace CogniteRecords.Emulator.Tests
{
    internal static class FilterTest
    {
        public static readonly FilterTestSchema Schema = new();

        public static RecordFilterEvaluator Compile(string filterJson)
        {
            using JsonDocument doc = JsonDocument.Parse(filterJson);
            // The evaluator must not depend on the filter's document: it is disposed here.
            return RecordFilterEvaluator.Compile(doc.RootElement, Schema);
        }

        public static bool Matches(string filterJson, IFilterableRecord record) => Compile(filterJson).Matches(record);

        /// <summary>Compiles a filter that must be refused, and returns the 400's message.</summary>
        public static string Refused(string filterJson)
        {
            ApiException e = Assert.Throws<ApiException>(() => Compile(filterJson));
            Assert.Equal(400, e.Status);
            return e.Message;
        }

        public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;
    }
}
