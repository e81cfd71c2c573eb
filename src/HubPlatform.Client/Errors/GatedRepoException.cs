namespace HubPlatform.Client.Errors;

/// <summary>The repository is gated and the caller has not been granted access (<c>GatedRepo</c>).</summary>
public class GatedRepoException : HubHttpException
{
    /// <summary>Creates the exception.</summary>
    public GatedRepoException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GatedRepoException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public GatedRepoException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from what the server said.</summary>
    public GatedRepoException(string message, HubErrorDetails details)
        : base(message, details)
    {
    }
}
