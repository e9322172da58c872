namespace CogniteRecords.Core.Http
{
    /// <summary>
    /// An observer that is told when a call's retries have gone on longer than
    /// <see cref="CdfClientOptions.RetryWarningAfter"/> (once per call), to show a warning whatever -Verbose says.
    /// </summary>
    public interface IRetryWarning
    {
        void RetryingLong(string message);
    }
}
