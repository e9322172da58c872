namespace CogniteRecords.Emulator.Throttling
{
    /// <summary>A budget's limits for a project and for one identity in it.</summary>
    internal sealed record BudgetLimits(string Name, double ProjectPerSecond, double IdentityPerSecond, int ProjectConcurrent, int IdentityConcurrent,
        double ProjectBytes = 0, double IdentityBytes = 0);
}
