namespace CogniteRecords.Core.Tests
{
    /// <summary>Run alone: the memory figures count the whole process's allocations.</summary>
    [CollectionDefinition("hostile", DisableParallelization = true)]
    public sealed class HostileCollection { }
}
