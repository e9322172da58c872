using System;
using System.Management.Automation;

namespace CogniteRecords.Internal
{
    /// <summary>Lets -AccessToken take a plain string as well as a SecureString.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            if (inputData is PSObject pso) inputData = pso.BaseObject;
            if (inputData is string s) return Secrets.ToSecureString(s);
            return inputData;
        }
    }
}
