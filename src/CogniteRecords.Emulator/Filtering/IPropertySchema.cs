namespace CogniteRecords.Emulator.Filtering
{
    /// <summary>The container schema the evaluator consults for property types (text, int64, timestamp, ...; list or not).</summary>
    public interface IPropertySchema
    {
        /// <summary>False when the container or property does not exist.</summary>
        bool TryGetPropertyType(string space, string container, string property, out string type, out bool isList);

        /// <summary>
        /// Whether a container exists. hasData refuses unknown containers with it, and messages about unknown
        /// properties say which part is missing. The default (true) skips that check; implement it to get it.
        /// </summary>
        bool ContainerExists(string space, string container) => true;
    }
}
