using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CogniteRecords.Core.Auth;
using CogniteRecords.Internal;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Forgets the session's default CDF connection; with -ClearTokenCache also signs out of delegated sign-in.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "CdfProject", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class DisconnectCdfProjectCommand : PSCmdlet
    {
        /// <summary>
        /// Also delete the persisted MSAL token cache of -DeviceCode/-Interactive sign-ins, so the next session must sign in again.
        /// </summary>
        [Parameter]
        public SwitchParameter ClearTokenCache { get; set; }

        // Only when asked: with -Debug alone PowerShell turns a binary cmdlet's verbose messages into prompts.
        private void Verbose(string message)
        {
            object? pref = MyInvocation.BoundParameters.TryGetValue("Verbose", out var bound) ? bound : GetVariableValue("VerbosePreference");
            if (pref is PSObject pso) pref = pso.BaseObject;
            var on = pref switch
            {
                SwitchParameter s => s.IsPresent,
                bool b => b,
                ActionPreference p => p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore,
                _ => false,
            };
            if (on) WriteVerbose(message);
        }

        protected override void EndProcessing()
        {
            var store = SessionStore.For(Runspace.DefaultRunspace);
            var connection = store.DefaultConnection;
            if (connection == null)
            {
                Verbose("There is no default connection to forget.");
            }
            else if (ShouldProcess(connection.ToString(), "Forget the default connection"))
            {
                store.DefaultConnection = null;
            }

            if (ClearTokenCache && ShouldProcess(MsalTokenCacheStore.DefaultDirectory, "Delete the sign-in token cache"))
            {
                if (connection?.Tokens is MsalPublicClientTokenSource user)
                {
                    // Removes the accounts from MSAL's cache (and the keyring entry or file) through the app that holds them.
                    user.SignOutAsync().GetAwaiter().GetResult();
                }
                else
                {
                    MsalTokenCacheStore.OpenAsync().GetAwaiter().GetResult().Clear();
                }
                Verbose($"Cleared the sign-in token cache in '{MsalTokenCacheStore.DefaultDirectory}'.");
            }
        }
    }
}
