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
}
