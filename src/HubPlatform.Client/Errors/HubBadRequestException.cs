namespace HubPlatform.Client.Errors;

/// <summary>The Hub refused the request as invalid (400 or 422).</summary>
public class HubBadRequestException : HubHttpException
{
    /// <summary>Creates the exception.</summary>
    public HubBadRequestException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public HubBadRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public HubBadRequestException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from what the server said.</summary>
    public HubBadRequestException(string message, HubErrorDetails details)
        : base(message, details)
    {
    }
}
