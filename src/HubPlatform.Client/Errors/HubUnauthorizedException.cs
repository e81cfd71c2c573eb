namespace HubPlatform.Client.Errors;

/// <summary>The token was refused: malformed, revoked, or missing where one is required.</summary>
public class HubUnauthorizedException : HubHttpException
{
    /// <summary>Creates the exception.</summary>
    public HubUnauthorizedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public HubUnauthorizedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public HubUnauthorizedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from what the server said.</summary>
    public HubUnauthorizedException(string message, HubErrorDetails details)
        : base(message, details)
    {
    }
}
