namespace HubPlatform.Client.Errors;

/// <summary>The file or path does not exist at the revision (<c>EntryNotFound</c>).</summary>
public class EntryNotFoundException : HubHttpException
{
    /// <summary>Creates the exception.</summary>
    public EntryNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public EntryNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public EntryNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from what the server said.</summary>
    public EntryNotFoundException(string message, HubErrorDetails details)
        : base(message, details)
    {
    }
}
