using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CogniteRecords.Core.Models;

namespace CogniteRecords.Core.Records
{
    /// <summary>A property a source names that its container does not define, or a container that does not exist.</summary>
    public sealed class SourceNotFoundException : Exception
    {
        public SourceNotFoundException(string errorId, string message) : base(message) => ErrorId = errorId;

        /// <summary>"ContainerNotFound" or "PropertyNotFound".</summary>
        public string ErrorId { get; }
    }
}
