using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using CogniteRecords.Core.Filters;

namespace CogniteRecords.Filters
{
    /// <summary>
    /// Turns what a user passes to -Filter (a RecordFilter, a hashtable in the API's shape, a JSON string, possibly
    /// wrapped in PSObject, in any mix) into the engine's filter. PowerShell wrappers are unwrapped here, so the
    /// engine only ever sees plain .NET data.
    /// </summary>
    internal static class FilterArgument
    {
        /// <summary>Validates and converts; throws <see cref="FilterValidationException"/> naming the offending part.</summary>
        public static FilterNode ToFilterNode(object? value) => FilterParser.Parse(ToPlainData(value));

        /// <summary>PSObject, PSCustomObject and RecordFilter become plain .NET data (or the engine's node).</summary>
        internal static object? ToPlainData(object? value, int depth = 0)
        {
            // Deeper than any valid filter with object values can go; stops self-referencing objects.
            if (depth > 64) throw new FilterValidationException("Invalid filter: the value is nested too deeply (a self-referencing object?).");
            switch (value)
            {
                case null:
                    return null;
                case RecordFilter filter:
                    return filter.Node;
                case ScriptBlock _:
                    throw new FilterValidationException("Invalid filter: a script block is not a filter by itself; translate it with New-CdfRecordFilter -Expression { ... } -Container 'space/container', and pass the result.");
                case PSObject ps:
                {
                    // A RecordFilter that crossed a serialization boundary (a job, remoting) keeps its JSON.
                    if (ps.TypeNames.Contains("Deserialized.CogniteRecords.RecordFilter") && ps.Properties["Json"]?.Value is string json)
                        return json;
                    object baseObject = ps.BaseObject;
                    if (baseObject is PSCustomObject)
                    {
                        var result = new List<KeyValuePair<string, object?>>();
                        foreach (var p in ps.Properties)
                        {
                            if (p is PSNoteProperty || p is PSProperty)
                                result.Add(new KeyValuePair<string, object?>(p.Name, ToPlainData(p.Value, depth + 1)));
                        }
                        return result;
                    }
                    return ToPlainData(baseObject, depth + 1);
                }
                case string _:
                    return value;
                case IDictionary dictionary:
                {
                    var result = new List<KeyValuePair<string, object?>>(dictionary.Count);
                    foreach (DictionaryEntry e in dictionary)
                    {
                        object? key = e.Key is PSObject pk ? pk.BaseObject : e.Key;
                        if (!(key is string name))
                            throw new FilterValidationException($"Invalid filter: object keys are strings; got the key '{key}' ({key?.GetType().Name}).");
                        result.Add(new KeyValuePair<string, object?>(name, ToPlainData(e.Value, depth + 1)));
                    }
                    return result;
                }
                case IEnumerable enumerable:
                {
                    var result = new List<object?>();
                    foreach (var item in enumerable) result.Add(ToPlainData(item, depth + 1));
                    return result;
                }
                default:
                    return value;
            }
        }
    }
}
