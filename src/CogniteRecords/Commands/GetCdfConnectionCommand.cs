using System.Management.Automation;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the session's default CDF connection.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CdfConnection")]
    [OutputType(typeof(CdfConnection))]
    public sealed class GetCdfConnectionCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            var connection = SessionStore.For(System.Management.Automation.Runspaces.Runspace.DefaultRunspace).DefaultConnection;
            if (connection != null) WriteObject(connection);
        }
    }
}
