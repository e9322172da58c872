using System.Management.Automation;

namespace CogniteRecords.Internal
{
    /// <summary>The base of every cmdlet that calls the API through an existing connection: -Connection.</summary>
    public abstract class CdfApiCmdlet : AsyncPSCmdlet
    {
        /// <summary>The connection to use instead of the session's default one.</summary>
        [Parameter]
        public CdfConnection? Connection { get; set; }

        /// <summary>The connection to use: -Connection, else the default one; a terminating error when there is none.</summary>
        internal CdfConnection ResolveConnection()
        {
            var connection = Connection ?? SessionStore.For(PipelineRunspace).DefaultConnection;
            if (connection == null)
            {
                ThrowTerminatingError(ErrorMapping.Make("NotConnected", ErrorCategory.ConnectionError,
                    "There is no connection: run Connect-CdfProject first, or pass -Connection."));
            }
            return connection!;
        }

    }
}
