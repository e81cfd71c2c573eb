namespace HubPlatform.Client.Errors;

/// <summary>The repository has been disabled by its owner or the Hub.</summary>
public class DisabledRepoException : HubHttpException
{
    /// <summary>Creates the exception.</summary>
    public DisabledRepoException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DisabledRepoException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public DisabledRepoException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from what the server said.</summary>
    public DisabledRepoException(string message, HubErrorDetails details)
        : base(message, details)
    {
    }
}
