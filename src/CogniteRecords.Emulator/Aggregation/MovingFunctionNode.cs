using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CogniteRecords.Emulator.Storage;

namespace CogniteRecords.Emulator.Aggregation
{
    /// <summary>
    /// movingFunction, inside a histogram: for each bucket, the function over the values of <see cref="BucketsPath"/>
    /// in the <see cref="Window"/> buckets before it (the bucket itself not included, as Elasticsearch's moving_fn
    /// with shift 0: our choice). Null values (avg of an empty bucket) are skipped; an empty window gives null,
    /// except sum, which gives 0.
    /// </summary>
    internal sealed class MovingFunctionNode : AggregateNode
    {
        public MovingFunctionNode(string id, string bucketsPath, int window, string function) : base(id)
        {
            BucketsPath = bucketsPath;
            Window = window;
            Function = function;
        }

        public string BucketsPath { get; }

        public int Window { get; }

        /// <summary>max, min, sum, unweightedAvg or linearWeightedAvg.</summary>
        public string Function { get; }

        public override void Write(Utf8JsonWriter w, IReadOnlyList<RecordVersion> records) =>
            throw new InvalidOperationException("A moving function is written by its histogram.");

        public double? Compute(IReadOnlyList<double?> series, int bucket)
        {
            var window = new List<double>();
            for (int i = Math.Max(0, bucket - Window); i < bucket; i++)
                if (series[i] is double v) window.Add(v);
            if (window.Count == 0) return Function == "sum" ? 0 : null;
            switch (Function)
            {
                case "max": return window.Max();
                case "min": return window.Min();
                case "sum": return window.Sum();
                case "unweightedAvg": return window.Average();
                default:
                    // Weights 1, 2, ... from the oldest to the newest value in the window.
                    double total = 0, weights = 0;
                    for (int i = 0; i < window.Count; i++)
                    {
                        total += window[i] * (i + 1);
                        weights += i + 1;
                    }

                    return total / weights;
            }
        }
    }
}
