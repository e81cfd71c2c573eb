namespace HubPlatform.Datasets;

/// <summary>A refusal of the dataset viewer: its HTTP status, its <c>X-Error-Code</c> and message, and the cause when there is one.</summary>
public sealed class ViewerException : Exception
{
    /// <summary>A refusal.</summary>
    public ViewerException(int status, string errorCode, string message, string? causeException = null, string? causeMessage = null)
        : base(message)
    {
        Status = status;
        ErrorCode = errorCode;
        CauseException = causeException;
        CauseMessage = causeMessage;
    }

    /// <summary>A refusal with the default status and code.</summary>
    public ViewerException()
        : this(500, ViewerErrorCodes.Unexpected, "Unexpected error.")
    {
    }

    /// <summary>A refusal with the default status and code.</summary>
    public ViewerException(string message)
        : this(500, ViewerErrorCodes.Unexpected, message)
    {
    }

    /// <summary>A refusal with the default status and code.</summary>
    public ViewerException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 500;
        ErrorCode = ViewerErrorCodes.Unexpected;
    }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }

    /// <summary>The <c>X-Error-Code</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The kind of the underlying failure, or null.</summary>
    public string? CauseException { get; }

    /// <summary>The underlying failure's message, or null.</summary>
    public string? CauseMessage { get; }
}
