using System;

namespace CogniteRecords.Core.Filters
{
    /// <summary>An invalid filter, found before any request.</summary>
    public sealed class FilterValidationException : Exception
    {
        /// <summary>Creates the exception; <paramref name="message"/> should already name the offending part.</summary>
        public FilterValidationException(string message, string? path = null) : base(message) => FilterPath = path;

        /// <summary>Where in the filter the problem is, e.g. "and[1].range".</summary>
        public string? FilterPath { get; }
    }
}
