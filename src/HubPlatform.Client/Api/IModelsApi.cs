using HubPlatform.Hub.Api;
using Refit;

namespace HubPlatform.Client.Api;

/// <summary>Raw Refit routes of <c>/api/models</c>. Most callers use <see cref="HubClient.Models"/> instead.</summary>
public interface IModelsApi
{
    /// <summary>The first page of a model listing; later pages are found in the <c>Link</c> header.</summary>
    [Get("/api/models")]
    Task<IApiResponse<List<ModelInfo>>> ListAsync([Query] RepoListQuery query, CancellationToken cancellationToken);

    /// <summary>A model at its default branch.</summary>
    [Get("/api/models/{**repoId}")]
    Task<ModelInfo> GetAsync(string repoId, [Query(CollectionFormat.Multi)] string[]? expand, [AliasAs("blobs")] bool? blobs, CancellationToken cancellationToken);

    /// <summary>A model at a revision (escaped as one segment).</summary>
    [Get("/api/models/{**repoId}/revision/{revision}")]
    Task<ModelInfo> GetAtRevisionAsync(string repoId, string revision, [Query(CollectionFormat.Multi)] string[]? expand, [AliasAs("blobs")] bool? blobs, CancellationToken cancellationToken);

    /// <summary>What the mirror's validation found in a model's files at a revision (escaped as one segment).</summary>
    [Get("/api/models/{**repoId}/validation/{revision}")]
    Task<HubPlatform.Hub.Validation.ModelValidationResponse> ValidationAsync(string repoId, string revision, CancellationToken cancellationToken);
}
