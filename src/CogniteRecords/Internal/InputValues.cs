using System.Collections;
using System.Management.Automation;

namespace CogniteRecords.Internal
{
    /// <summary>Strips PowerShell wrappers from user input so the engine sees plain .NET data.</summary>
    internal static class InputValues
    {
        public static object? Unwrap(object? value, int depth = 0)
        {
            if (depth > 32) return value;
            if (value is PSObject pso)
            {
                if (pso.BaseObject is PSCustomObject)
                {
                    var table = new Hashtable(System.StringComparer.OrdinalIgnoreCase);
                    foreach (var p in pso.Properties) table[p.Name] = Unwrap(p.Value, depth + 1);
                    return table;
                }
                value = pso.BaseObject;
            }
            switch (value)
            {
                case string _:
                    return value;
                case IDictionary map:
                    var copy = new Hashtable(System.StringComparer.OrdinalIgnoreCase);
                    foreach (DictionaryEntry e in map) copy[Unwrap(e.Key, depth + 1) ?? ""] = Unwrap(e.Value, depth + 1);
                    return copy;
                case IEnumerable list:
                    var items = new ArrayList();
                    foreach (var item in list) items.Add(Unwrap(item, depth + 1));
                    return items.ToArray();
                default:
                    return value;
            }
        }
    }
}
