using System.Net;

namespace HubPlatform.Client.Errors;

/// <summary>The Hub answered with an error status. Subclasses name the cases clients act on.</summary>
public class HubHttpException : HubException
{
    /// <summary>Creates the exception.</summary>
    public HubHttpException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public HubHttpException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public HubHttpException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from what the server said.</summary>
    public HubHttpException(string message, HubErrorDetails details)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(details);
        StatusCode = details.StatusCode;
        ErrorCode = details.ErrorCode;
        ServerMessage = details.ServerMessage;
        RequestId = details.RequestId;
        RepoCommit = details.RepoCommit;
        RequestUri = details.RequestUri;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The <c>X-Error-Code</c> header, if any.</summary>
    public string? ErrorCode { get; }

    /// <summary>The server's own message (<c>X-Error-Message</c> or the body's <c>error</c>), if any.</summary>
    public string? ServerMessage { get; }

    /// <summary>The server's request id (<c>X-Request-Id</c>, else <c>X-Amzn-Trace-Id</c>, else <c>X-Amz-Cf-Id</c>).</summary>
    public string? RequestId { get; }

    /// <summary>The <c>X-Repo-Commit</c> header, which a 404 on <c>/resolve</c> carries.</summary>
    public string? RepoCommit { get; }

    /// <summary>The URL that failed.</summary>
    public Uri? RequestUri { get; }
}
