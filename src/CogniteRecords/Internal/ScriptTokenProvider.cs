using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace CogniteRecords.Internal
{
    /// <summary>
    /// Calls a -TokenProvider script block. Script blocks must run on a thread that owns a runspace, so the call is
    /// queued to the pipeline thread of the cmdlet that needs the token (found through its async flow). In the
    /// runspace where Connect-CdfProject ran, the block runs as given (it sees that session's variables); in another
    /// runspace (ForEach-Object -Parallel with $using:) a fresh copy of its text runs in that runspace instead, since
    /// a script block must not run in a runspace that is busy elsewhere.
    /// </summary>
    internal static class ScriptTokenProvider
    {
        public static Func<CancellationToken, Task<string>> Create(ScriptBlock provider, Runspace? origin)
        {
            return ct =>
            {
                var cmdlet = AsyncPSCmdlet.Current
                    ?? throw new InvalidOperationException("The -TokenProvider can be called only while a CogniteRecords cmdlet runs.");
                return cmdlet.InvokeOnPipelineAsync(() => Invoke(provider, origin));
            };
        }

        private static string Invoke(ScriptBlock provider, Runspace? origin)
        {
            var block = ReferenceEquals(Runspace.DefaultRunspace, origin) ? provider : ScriptBlock.Create(provider.ToString());
            var output = block.Invoke();
            var last = output.LastOrDefault(o => o != null);
            object? value = last?.BaseObject;
            switch (value)
            {
                case string s when !string.IsNullOrWhiteSpace(s): return s;
                case SecureString secure: return Secrets.ToPlain(secure);
                case null: throw new InvalidOperationException("The -TokenProvider returned nothing: it must return a token (string or SecureString).");
                default: throw new InvalidOperationException($"The -TokenProvider returned a {value.GetType().Name}: it must return a token (string or SecureString).");
            }
        }
    }
}
