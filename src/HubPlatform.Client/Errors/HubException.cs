namespace HubPlatform.Client.Errors;

/// <summary>The base of every error this client raises on purpose.</summary>
public class HubException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HubException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public HubException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public HubException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
