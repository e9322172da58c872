namespace R2RHost
{
    /// <summary>
    /// pwsh's entry point: hands the command line to PowerShell's console host, as pwsh.dll's own Main does.
    /// </summary>
    /// <remarks>
    /// pwsh's Main also re-executes itself through a login shell for <c>-Login</c>; the benchmark never asks for that.
    /// </remarks>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            return Microsoft.PowerShell.UnmanagedPSEntry.Start(args, args.Length);
        }
    }
}
