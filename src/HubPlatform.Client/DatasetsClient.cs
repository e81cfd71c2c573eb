using HubPlatform.Client.Api;
using HubPlatform.Hub.Api;
using Refit;

namespace HubPlatform.Client;

/// <summary>Dataset listing and dataset info.</summary>
public sealed class DatasetsClient : RepoInfoClient<DatasetInfo>
{
    private readonly IDatasetsApi _api;

    internal DatasetsClient(IDatasetsApi api, HttpClient http)
        : base(http, HubJsonContext.Default.ListDatasetInfo) => _api = api;

    private protected override Task<IApiResponse<List<DatasetInfo>>> FirstPageAsync(RepoListQuery query, CancellationToken cancellationToken) => _api.ListAsync(query, cancellationToken);

    private protected override Task<DatasetInfo> InfoAsync(string repo, string[]? expand, bool? blobs, CancellationToken cancellationToken) => _api.GetAsync(repo, expand, blobs, cancellationToken);

    private protected override Task<DatasetInfo> InfoAtRevisionAsync(string repo, string revision, string[]? expand, bool? blobs, CancellationToken cancellationToken) =>
        _api.GetAtRevisionAsync(repo, revision, expand, blobs, cancellationToken);
}
