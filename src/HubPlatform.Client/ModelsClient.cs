using HubPlatform.Client.Api;
using HubPlatform.Client.Http;
using HubPlatform.Hub;
using HubPlatform.Hub.Api;

namespace HubPlatform.Client;

/// <summary>Model listing and model info.</summary>
public sealed class ModelsClient
{
    private readonly IModelsApi _api;
    private readonly HttpClient _http;

    internal ModelsClient(IModelsApi api, HttpClient http)
    {
        _api = api;
        _http = http;
    }

    /// <summary>Lists models matching the query, following <c>Link</c> pages until the end (or <see cref="RepoListQuery.Limit"/>).</summary>
    /// <exception cref="ArgumentException"><see cref="RepoListQuery.Expand"/> and <see cref="RepoListQuery.Full"/> are both set, which the Hub refuses.</exception>
    public IAsyncEnumerable<ModelInfo> ListAsync(RepoListQuery? query = null, CancellationToken cancellationToken = default)
    {
        RepoListing.Check(query);
        return RepoListing.Capped(
            HubPager.PagesAsync(_http, ct => _api.ListAsync(query ?? new RepoListQuery(), ct), HubJsonContext.Default.ListModelInfo, cancellationToken),
            query?.Limit,
            cancellationToken);
    }

    /// <summary>A model's info at a revision (the default branch when <see langword="null"/>).</summary>
    /// <exception cref="Errors.RepositoryNotFoundException">No such model, or hidden from the caller.</exception>
    /// <exception cref="Errors.RevisionNotFoundException">No such revision.</exception>
    public Task<ModelInfo> GetAsync(RepoId repo, Revision? revision = null, RepoInfoOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var expand = options?.Expand?.ToArray();
        bool? blobs = options?.Blobs == true ? true : null;
        return RefitCalls.Run(revision is null
            ? _api.GetAsync(repo.ToString(), expand, blobs, cancellationToken)
            : _api.GetAtRevisionAsync(repo.ToString(), revision.Value, expand, blobs, cancellationToken));
    }
}
