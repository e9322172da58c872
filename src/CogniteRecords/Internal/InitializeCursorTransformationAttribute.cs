using System;
using System.Management.Automation;
using CogniteRecords.Core.Sync;

namespace CogniteRecords.Internal
{
    /// <summary>Lets -InitializeCursor take a [TimeSpan] (or a point in time) as well as '&lt;n&gt;&lt;m|h|d&gt;-ago'.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class InitializeCursorTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            if (inputData is PSObject pso) inputData = pso.BaseObject;
            try
            {
                switch (inputData)
                {
                    case TimeSpan span: return InitializeCursor.FromTimeSpan(span);
                    case DateTimeOffset dto: return InitializeCursor.FromTimeSpan(DateTimeOffset.UtcNow - dto);
                    case DateTime dt: return InitializeCursor.FromTimeSpan(DateTime.UtcNow - dt.ToUniversalTime());
                    default: return inputData;
                }
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new ArgumentTransformationMetadataException("The initial cursor must lie in the past: " + e.Message, e);
            }
        }
    }
}
