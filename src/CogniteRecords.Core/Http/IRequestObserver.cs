namespace CogniteRecords.Core.Http
{
    /// <summary>
    /// Receives diagnostics of API calls (for -Debug and -Verbose). Messages never hold a token.
    /// Implementations must be thread-safe: calls come from whatever thread runs the request.
    /// </summary>
    public interface IRequestObserver
    {
        /// <summary>A request about to be sent and the status it got, with the token redacted.</summary>
        void Debug(string message);

        /// <summary>A retry about to happen.</summary>
        void Retry(string message);
    }
}
