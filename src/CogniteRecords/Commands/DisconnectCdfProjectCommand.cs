using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Forgets the session's default CDF connection.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "CdfProject", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class DisconnectCdfProjectCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            var store = SessionStore.For(Runspace.DefaultRunspace);
            var connection = store.DefaultConnection;
            if (connection == null)
            {
                WriteVerbose("There is no default connection to forget.");
                return;
            }
            if (ShouldProcess(connection.ToString(), "Forget the default connection"))
            {
                store.DefaultConnection = null;
            }
        }
    }
}
