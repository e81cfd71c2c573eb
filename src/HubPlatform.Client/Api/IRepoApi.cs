using HubPlatform.Hub.Api;
using Refit;

namespace HubPlatform.Client.Api;

/// <summary>
/// Raw Refit routes shared by every repository type; <c>type</c> is <c>models</c>, <c>datasets</c> or <c>spaces</c>.
/// Most callers use <see cref="HubClient.Repos"/> instead.
/// </summary>
public interface IRepoApi
{
    /// <summary>The first page of a tree listing at a revision (escaped as one segment).</summary>
    [Get("/api/{type}/{**repoId}/tree/{revision}")]
    Task<IApiResponse<List<TreeEntry>>> TreeAsync(string type, string repoId, string revision, [AliasAs("recursive")] bool? recursive, [AliasAs("expand")] bool? expand, CancellationToken cancellationToken);

    /// <summary>The first page of a tree listing of a folder; the path is escaped as one segment, as Python does.</summary>
    [Get("/api/{type}/{**repoId}/tree/{revision}/{path}")]
    Task<IApiResponse<List<TreeEntry>>> TreeAtPathAsync(string type, string repoId, string revision, string path, [AliasAs("recursive")] bool? recursive, [AliasAs("expand")] bool? expand, CancellationToken cancellationToken);

    /// <summary>Entries for the given paths; missing ones are left out.</summary>
    [Post("/api/{type}/{**repoId}/paths-info/{revision}")]
    Task<List<TreeEntry>> PathsInfoAsync(string type, string repoId, string revision, [Body] PathsInfoRequest request, CancellationToken cancellationToken);

    /// <summary>Branches, tags and conversion refs, with pull requests if asked.</summary>
    [Get("/api/{type}/{**repoId}/refs")]
    Task<GitRefs> RefsAsync(string type, string repoId, [AliasAs("include_prs")] int? includePullRequests, CancellationToken cancellationToken);

    /// <summary>The first page of a gated repository's access requests in one status (the owner's view).</summary>
    [Get("/api/{type}/{**repoId}/user-access-request/{status}")]
    Task<IApiResponse<List<AccessRequestInfo>>> AccessRequestsAsync(string type, string repoId, string status, CancellationToken cancellationToken);

    /// <summary>The first page of the commit history, newest first.</summary>
    [Get("/api/{type}/{**repoId}/commits/{revision}")]
    Task<IApiResponse<List<CommitInfo>>> CommitsAsync(string type, string repoId, string revision, [AliasAs("limit")] int? limit, CancellationToken cancellationToken);
}
