using System;
using System.Management.Automation.Language;

namespace CogniteRecords.Filters
{
    /// <summary>A PowerShell expression with no filter equivalent; the message gives the position, the text and a hint.</summary>
    internal sealed class FilterExpressionException : Exception
    {
        public FilterExpressionException(string message, IScriptExtent extent) : base(message) => Extent = extent;

        public IScriptExtent Extent { get; }
    }

    /// <summary>Looks up a variable of the caller's scope; false when it is not defined.</summary>
    internal delegate bool VariableResolver(string name, out object? value);
}
