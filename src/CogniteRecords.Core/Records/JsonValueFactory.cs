using System;
using System.Collections.Generic;

namespace CogniteRecords.Core.Records
{
    /// <summary>
    /// Builds the values the page reader cannot make from primitives: lists, JSON objects and direct relations.
    /// The module supplies its own (types users see live in the module, not in the engine).
    /// </summary>
    public class JsonValueFactory
    {
        public static readonly JsonValueFactory Default = new JsonValueFactory();

        /// <summary>A JSON array (or a list property's value).</summary>
        public virtual object CreateList(List<object?> items) => items.ToArray();

        /// <summary>A JSON object, members in the order read.</summary>
        public virtual object CreateObject(List<KeyValuePair<string, object?>> members)
        {
            var d = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var m in members) d[m.Key] = m.Value;
            return d;
        }
    }
}
