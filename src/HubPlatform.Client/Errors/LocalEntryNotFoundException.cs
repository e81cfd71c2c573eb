namespace HubPlatform.Client.Errors;

/// <summary>
/// The file is not in the cache and the Hub could not be asked: offline mode is on, or the Hub was unreachable or failed.
/// <see cref="Exception.InnerException"/> holds the network or HTTP error, if there was one.
/// </summary>
public class LocalEntryNotFoundException : HubException
{
    /// <summary>Creates the exception.</summary>
    public LocalEntryNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LocalEntryNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public LocalEntryNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
