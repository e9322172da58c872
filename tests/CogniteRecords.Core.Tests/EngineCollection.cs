using Xunit;

namespace CogniteRecords.Core.Tests
{
    /// <summary>
    /// The sync engine's tests (<see cref="SyncEngineTests"/>, <see cref="SyncFollowTests"/>): they run one class after
    /// the other, each with its own <see cref="CoreEmulator"/>.
    /// </summary>
    [CollectionDefinition("engine")]
    public sealed class EngineCollection
    {
    }
}
