using System.Management.Automation;
using CogniteRecords.Core.Http;

namespace CogniteRecords.Internal
{
    /// <summary>The base of every cmdlet that calls the API: -Connection, and the -Debug/-Verbose request observer.</summary>
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

        /// <summary>An observer that shows requests under -Debug and retries under -Verbose; null when neither is on.</summary>
        internal IRequestObserver? CreateObserver()
        {
            var debug = IsDebugOn();
            var verbose = IsVerboseOn();
            return debug || verbose ? new Observer(this, debug, verbose) : null;
        }

        private sealed class Observer : IRequestObserver
        {
            private readonly CdfApiCmdlet _cmdlet;
            private readonly bool _debug;
            private readonly bool _verbose;

            public Observer(CdfApiCmdlet cmdlet, bool debug, bool verbose) { _cmdlet = cmdlet; _debug = debug; _verbose = verbose; }

            public void Debug(string message)
            {
                if (_debug) _cmdlet.QueueDebug(message);
            }

            public void Retry(string message)
            {
                if (_verbose) _cmdlet.QueueVerbose(message);
                else if (_debug) _cmdlet.QueueDebug(message);
            }
        }
    }
}
