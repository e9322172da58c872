using System.Collections.Generic;
using CogniteRecords.Emulator.Filtering;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>
    /// A small in-memory schema for the filter unit tests: space "s", container "c" with one property per type
    /// (single and list), and container "d" with a text property "x".
    /// </summary>
    internal sealed class FilterTestSchema : IPropertySchema
    {
        private readonly Dictionary<(string, string, string), (string Type, bool IsList)> _properties = new();

        public FilterTestSchema()
        {
            foreach (var (name, type) in new[]
            {
                ("txt", "text"), ("num", "int64"), ("int", "int32"), ("flt", "float64"), ("bool", "boolean"),
                ("ts", "timestamp"), ("dt", "date"), ("js", "json"), ("rel", "direct"),
            })
            {
                _properties[("s", "c", name)] = (type, false);
                _properties[("s", "c", name + "s")] = (type, true);
            }

            _properties[("s", "d", "x")] = ("text", false);
        }

        public bool TryGetPropertyType(string space, string container, string property, out string type, out bool isList)
        {
            if (_properties.TryGetValue((space, container, property), out var p))
            {
                (type, isList) = p;
                return true;
            }

            type = "";
            isList = false;
            return false;
        }

        public bool ContainerExists(string space, string container) =>
            space == "s" && (container == "c" || container == "d" || container == "empty");
    }
}
