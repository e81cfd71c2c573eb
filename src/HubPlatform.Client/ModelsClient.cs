using HubPlatform.Client.Api;
using HubPlatform.Hub.Api;
using Refit;

namespace HubPlatform.Client;

/// <summary>Model listing and model info.</summary>
public sealed class ModelsClient : RepoInfoClient<ModelInfo>
{
    private readonly IModelsApi _api;

    internal ModelsClient(IModelsApi api, HttpClient http)
        : base(http, HubJsonContext.Default.ListModelInfo) => _api = api;

    private protected override Task<IApiResponse<List<ModelInfo>>> FirstPageAsync(RepoListQuery query, CancellationToken cancellationToken) => _api.ListAsync(query, cancellationToken);

    private protected override Task<ModelInfo> InfoAsync(string repo, string[]? expand, bool? blobs, CancellationToken cancellationToken) => _api.GetAsync(repo, expand, blobs, cancellationToken);

    private protected override Task<ModelInfo> InfoAtRevisionAsync(string repo, string revision, string[]? expand, bool? blobs, CancellationToken cancellationToken) =>
        _api.GetAtRevisionAsync(repo, revision, expand, blobs, cancellationToken);
}
