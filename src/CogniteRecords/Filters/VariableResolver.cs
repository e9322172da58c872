namespace CogniteRecords.Filters
{
    /// <summary>Looks up a variable of the caller's scope; false when it is not defined.</summary>
    internal delegate bool VariableResolver(string name, out object? value);
}
