namespace CogniteRecords.Core.Auth
{
    /// <summary>How a delegated (user) sign-in is done when the cache cannot answer silently.</summary>
    public enum PublicClientSignIn
    {
        /// <summary>Show a code and a URL; the user signs in on any device.</summary>
        DeviceCode,
        /// <summary>Open the system browser (needs a desktop session).</summary>
        InteractiveBrowser,
    }
}
