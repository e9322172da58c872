namespace CogniteRecords.Emulator.Storage
{
    /// <summary>A data-modeling space.</summary>
    public sealed record SpaceDef(string Space, string? Name, string? Description, long CreatedTime, long LastUpdatedTime);
}
