using System.Net;

namespace HubPlatform.Client.Errors;

/// <summary>What an error response said, gathered once and handed to the exception.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="ErrorCode">The <c>X-Error-Code</c> header.</param>
/// <param name="ServerMessage">The server's message.</param>
/// <param name="RequestId">The server's request id.</param>
/// <param name="RepoCommit">The <c>X-Repo-Commit</c> header.</param>
/// <param name="RequestUri">The URL that failed.</param>
public sealed record HubErrorDetails(
    HttpStatusCode StatusCode,
    string? ErrorCode,
    string? ServerMessage,
    string? RequestId,
    string? RepoCommit,
    Uri? RequestUri);
