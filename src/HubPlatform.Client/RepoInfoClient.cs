using System.Text.Json.Serialization.Metadata;
using HubPlatform.Client.Api;
using HubPlatform.Client.Http;
using HubPlatform.Hub;
using HubPlatform.Hub.Api;
using Refit;

namespace HubPlatform.Client;

/// <summary>Listing and info for one repository type; <see cref="ModelsClient"/> and <see cref="DatasetsClient"/> are its two faces.</summary>
/// <typeparam name="TInfo">The record the Hub answers with.</typeparam>
public abstract class RepoInfoClient<TInfo>
    where TInfo : RepoInfo
{
    private readonly HttpClient _http;
    private readonly JsonTypeInfo<List<TInfo>> _listType;

    private protected RepoInfoClient(HttpClient http, JsonTypeInfo<List<TInfo>> listType)
    {
        _http = http;
        _listType = listType;
    }

    /// <summary>Lists repositories matching the query, following <c>Link</c> pages until the end (or <see cref="RepoListQuery.Limit"/>).</summary>
    /// <exception cref="ArgumentException"><see cref="RepoListQuery.Expand"/> and <see cref="RepoListQuery.Full"/> are both set, which the Hub refuses.</exception>
    public IAsyncEnumerable<TInfo> ListAsync(RepoListQuery? query = null, CancellationToken cancellationToken = default)
    {
        RepoListing.Check(query);
        return RepoListing.Capped(
            HubPager.PagesAsync(_http, ct => FirstPageAsync(query ?? new RepoListQuery(), ct), _listType, cancellationToken),
            query?.Limit,
            cancellationToken);
    }

    /// <summary>A repository's info at a revision (the default branch when <see langword="null"/>).</summary>
    /// <exception cref="Errors.RepositoryNotFoundException">No such repository, or hidden from the caller.</exception>
    /// <exception cref="Errors.RevisionNotFoundException">No such revision.</exception>
    public Task<TInfo> GetAsync(RepoId repo, Revision? revision = null, RepoInfoOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var expand = options?.Expand?.ToArray();
        bool? blobs = options?.Blobs == true ? true : null;
        return RefitCalls.Run(revision is null
            ? InfoAsync(repo.ToString(), expand, blobs, cancellationToken)
            : InfoAtRevisionAsync(repo.ToString(), revision.Value, expand, blobs, cancellationToken));
    }

    private protected abstract Task<IApiResponse<List<TInfo>>> FirstPageAsync(RepoListQuery query, CancellationToken cancellationToken);

    private protected abstract Task<TInfo> InfoAsync(string repo, string[]? expand, bool? blobs, CancellationToken cancellationToken);

    private protected abstract Task<TInfo> InfoAtRevisionAsync(string repo, string revision, string[]? expand, bool? blobs, CancellationToken cancellationToken);
}
