namespace HubPlatform.Storage;

/// <summary>
/// A request the mirror refuses, with the Hub's status and error code; the host turns it into
/// <c>{"error": message}</c> with <c>X-Error-Code</c> and <c>X-Error-Message</c>.
/// </summary>
public sealed class HubProblemException : Exception
{
    public HubProblemException()
    {
    }

    public HubProblemException(string message)
        : base(message)
    {
    }

    public HubProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HubProblemException(int status, string message, string? errorCode = null)
        : base(message)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    public int Status { get; } = 400;

    /// <summary>For a 307: the repository id the request should go to instead, and the id it named.</summary>
    public (string From, string To)? MovedTo { get; init; }

    public string? ErrorCode { get; }
}
