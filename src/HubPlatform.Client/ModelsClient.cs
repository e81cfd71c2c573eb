using HubPlatform.Client.Http;
using HubPlatform.Hub;
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

    /// <summary>
    /// What a HubPlatform mirror's validation found in a model's files at a revision (the default branch when null):
    /// architecture, size, parameters and a verified task per model file, or <c>pending</c> while its job has not run.
    /// </summary>
    /// <exception cref="Errors.RepositoryNotFoundException">No such model, or hidden from the caller.</exception>
    /// <exception cref="Errors.RevisionNotFoundException">No such revision.</exception>
    public Task<HubPlatform.Hub.Validation.ModelValidationResponse> ValidationAsync(RepoId repo, Revision? revision = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return RefitCalls.Run(_api.ValidationAsync(repo.ToString(), revision?.Value ?? "main", cancellationToken));
    }
}
