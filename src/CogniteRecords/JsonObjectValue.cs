using System;
using System.Collections.Generic;
using CogniteRecords.Core.Json;

namespace CogniteRecords
{
    /// <summary>
    /// An object value of a record (a json property, or a direct relation). Read members as $value.name or
    /// $value['name']; its ToString() is compact JSON, so that Export-Csv writes the object as JSON.
    /// </summary>
    public sealed class JsonObjectValue : Dictionary<string, object?>
    {
        internal JsonObjectValue(int capacity) : base(capacity, StringComparer.Ordinal) { }

        /// <summary>The object as compact JSON.</summary>
        public override string ToString() => CompactJson.Serialize(this);
    }
}
