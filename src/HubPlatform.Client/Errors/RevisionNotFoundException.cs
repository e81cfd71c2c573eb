namespace HubPlatform.Client.Errors;

/// <summary>The revision does not exist in the repository (<c>RevisionNotFound</c>).</summary>
public class RevisionNotFoundException : HubHttpException
{
    /// <summary>Creates the exception.</summary>
    public RevisionNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RevisionNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public RevisionNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from what the server said.</summary>
    public RevisionNotFoundException(string message, HubErrorDetails details)
        : base(message, details)
    {
    }
}
