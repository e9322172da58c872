using System.Collections.Generic;
using System.Runtime.CompilerServices;
using CogniteRecords.Core;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Internal
{
    /// <summary>
    /// The values of flat and -Raw records alike: lists as <see cref="JsonArrayValue"/>, objects as
    /// <see cref="JsonObjectValue"/> (dot access, ConvertTo-Json), both printing compact JSON.
    /// </summary>
    internal sealed class RecordValueFactory : JsonValueFactory
    {
        public static readonly RecordValueFactory Instance = new RecordValueFactory();

        [MethodImpl(Hot.Optimize)]
        public override object CreateList(List<object?> items) => new JsonArrayValue(items.ToArray());

        [MethodImpl(Hot.Optimize)]
        public override object CreateObject(List<KeyValuePair<string, object?>> members)
        {
            var o = new JsonObjectValue(members.Count);
            foreach (var m in members) o[m.Key] = m.Value;
            return o;
        }
    }
}
