using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
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

        /// <summary>
        /// An object value from a dictionary, such as a hashtable: its keys as text, its values as they are. PowerShell
        /// uses it to set a direct relation property of a flat record: <c>$record.parent = @{ space = 's'; externalId = 'x' }</c>.
        /// </summary>
        public JsonObjectValue(IDictionary members) : base(members?.Count ?? 0, StringComparer.Ordinal)
        {
            if (members == null) throw new ArgumentNullException(nameof(members));
            foreach (DictionaryEntry entry in members)
            {
                var value = entry.Value is PSObject pso && !(pso.BaseObject is PSCustomObject) ? pso.BaseObject : entry.Value;
                this[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? ""] = value;
            }
        }

        /// <summary>The object as compact JSON.</summary>
        public override string ToString() => CompactJson.Serialize(this);
    }
}
