namespace CogniteRecords.Core.Filters
{
    /// <summary>The limits of the filter language (records-api.md, "Records filter language").</summary>
    public static class FilterLimits
    {
        /// <summary>Nodes in the whole tree: every filter object counts.</summary>
        public const int MaxNodes = 100;
        /// <summary>Nesting depth: the top-level filter has depth 1.</summary>
        public const int MaxDepth = 10;
        /// <summary>Filters inside one <c>and</c>/<c>or</c>.</summary>
        public const int MaxBooleanChildren = 99;
        /// <summary>Values of <c>in</c>, <c>containsAny</c>, <c>containsAll</c>.</summary>
        public const int MaxValues = 100;
        /// <summary>Containers in one <c>hasData</c>.</summary>
        public const int MaxHasDataContainers = 10;
        /// <summary>Characters in a <c>prefix</c> value.</summary>
        public const int MaxPrefixLength = 500;
        /// <summary>UTF-8 bytes in a string value (128 KB).</summary>
        public const int MaxStringBytes = 128 * 1024;
        /// <summary>Keys of a JSON object value.</summary>
        public const int MaxObjectKeys = 256;
        /// <summary>Characters in a JSON object value's key.</summary>
        public const int MaxObjectKeyLength = 128;
        /// <summary>Bytes of a JSON object value.</summary>
        public const int MaxObjectBytes = 40960;
    }
}
