using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CogniteRecords.Core.Models;

namespace CogniteRecords.Core.Records
{
    /// <summary>The kind of value a column holds, from the container property's type.</summary>
    public enum ValueKind : byte
    {
        Json, Text, Boolean, Float, Int32, Int64, Timestamp, Date, Direct,
    }
}
