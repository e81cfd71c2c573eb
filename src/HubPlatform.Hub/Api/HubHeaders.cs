namespace HubPlatform.Hub.Api;

/// <summary>Header names of the Hub protocol.</summary>
public static class HubHeaders
{
    /// <summary>The commit a <c>/resolve</c> answer comes from.</summary>
    public const string RepoCommit = "X-Repo-Commit";

    /// <summary>The ETag of the file behind a redirect (the sha256 for LFS files).</summary>
    public const string LinkedETag = "X-Linked-Etag";

    /// <summary>The size of the file behind a redirect.</summary>
    public const string LinkedSize = "X-Linked-Size";

    /// <summary>The machine-readable error code.</summary>
    public const string ErrorCode = "X-Error-Code";

    /// <summary>The error message, for HEAD answers that have no body.</summary>
    public const string ErrorMessage = "X-Error-Message";

    /// <summary>The server's request id, quoted in client error messages.</summary>
    public const string RequestId = "X-Request-Id";

    /// <summary>The trace id Python clients send and quote.</summary>
    public const string AmznTraceId = "X-Amzn-Trace-Id";

    /// <summary>The total count of a paged listing (commits).</summary>
    public const string TotalCount = "X-Total-Count";
}
