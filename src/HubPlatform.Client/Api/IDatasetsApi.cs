using HubPlatform.Hub.Api;
using Refit;

namespace HubPlatform.Client.Api;

/// <summary>Raw Refit routes of <c>/api/datasets</c>. Most callers use <see cref="HubClient.Datasets"/> instead.</summary>
public interface IDatasetsApi
{
    /// <summary>The first page of a dataset listing; later pages are found in the <c>Link</c> header.</summary>
    [Get("/api/datasets")]
    Task<IApiResponse<List<DatasetInfo>>> ListAsync([Query] RepoListQuery query, CancellationToken cancellationToken);

    /// <summary>A dataset at its default branch.</summary>
    [Get("/api/datasets/{**repoId}")]
    Task<DatasetInfo> GetAsync(string repoId, [Query(CollectionFormat.Multi)] string[]? expand, [AliasAs("blobs")] bool? blobs, CancellationToken cancellationToken);

    /// <summary>A dataset at a revision (escaped as one segment).</summary>
    [Get("/api/datasets/{**repoId}/revision/{revision}")]
    Task<DatasetInfo> GetAtRevisionAsync(string repoId, string revision, [Query(CollectionFormat.Multi)] string[]? expand, [AliasAs("blobs")] bool? blobs, CancellationToken cancellationToken);
}
