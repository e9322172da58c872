using System;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using CogniteRecords.Core.Sync;

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

    internal static class Secrets
    {
        public static SecureString ToSecureString(string value)
        {
            var secure = new SecureString();
            foreach (var c in value) secure.AppendChar(c);
            secure.MakeReadOnly();
            return secure;
        }

        public static string ToPlain(SecureString secure)
        {
            var ptr = IntPtr.Zero;
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(secure);
                return Marshal.PtrToStringUni(ptr) ?? "";
            }
            finally
            {
                if (ptr != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }
    }
}

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
