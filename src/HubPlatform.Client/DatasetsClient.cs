using HubPlatform.Client.Api;
using HubPlatform.Client.Http;
using HubPlatform.Hub;
using HubPlatform.Hub.Api;

namespace HubPlatform.Client;

/// <summary>Dataset listing and dataset info.</summary>
public sealed class DatasetsClient
{
    private readonly IDatasetsApi _api;
    private readonly HttpClient _http;

    internal DatasetsClient(IDatasetsApi api, HttpClient http)
    {
        _api = api;
        _http = http;
    }

    /// <summary>Lists datasets matching the query, following <c>Link</c> pages until the end (or <see cref="RepoListQuery.Limit"/>).</summary>
    /// <exception cref="ArgumentException"><see cref="RepoListQuery.Expand"/> and <see cref="RepoListQuery.Full"/> are both set, which the Hub refuses.</exception>
    public IAsyncEnumerable<DatasetInfo> ListAsync(RepoListQuery? query = null, CancellationToken cancellationToken = default)
    {
        RepoListing.Check(query);
        return RepoListing.Capped(
            HubPager.PagesAsync(_http, ct => _api.ListAsync(query ?? new RepoListQuery(), ct), HubJsonContext.Default.ListDatasetInfo, cancellationToken),
            query?.Limit,
            cancellationToken);
    }

    /// <summary>A dataset's info at a revision (the default branch when <see langword="null"/>).</summary>
    /// <exception cref="Errors.RepositoryNotFoundException">No such dataset, or hidden from the caller.</exception>
    /// <exception cref="Errors.RevisionNotFoundException">No such revision.</exception>
    public Task<DatasetInfo> GetAsync(RepoId repo, Revision? revision = null, RepoInfoOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var expand = options?.Expand?.ToArray();
        bool? blobs = options?.Blobs == true ? true : null;
        return RefitCalls.Run(revision is null
            ? _api.GetAsync(repo.ToString(), expand, blobs, cancellationToken)
            : _api.GetAtRevisionAsync(repo.ToString(), revision.Value, expand, blobs, cancellationToken));
    }
}
