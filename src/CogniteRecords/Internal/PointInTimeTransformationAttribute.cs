namespace CogniteRecords.Internal
{
    /// <summary>Lets a point-in-time parameter take a [TimeSpan] (that long ago) as well as a date.</summary>
    [System.AttributeUsage(System.AttributeTargets.Property | System.AttributeTargets.Field)]
    internal sealed class PointInTimeTransformationAttribute : System.Management.Automation.ArgumentTransformationAttribute
    {
        public override object? Transform(System.Management.Automation.EngineIntrinsics engineIntrinsics, object? inputData)
        {
            if (inputData is System.Management.Automation.PSObject pso) inputData = pso.BaseObject;
            return inputData is System.TimeSpan span ? System.DateTimeOffset.UtcNow - span : inputData;
        }
    }
}
