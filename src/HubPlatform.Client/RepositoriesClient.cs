using HubPlatform.Client.Api;
using HubPlatform.Client.Errors;
using HubPlatform.Client.Http;
using HubPlatform.Hub;
using HubPlatform.Hub.Api;

namespace HubPlatform.Client;

/// <summary>Routes every repository type shares: tree, paths-info, refs, commits.</summary>
public sealed partial class RepositoriesClient
{
    private readonly IRepoApi _api;
    private readonly IModelsApi _models;
    private readonly IDatasetsApi _datasets;
    private readonly HttpClient _http;

    internal RepositoriesClient(IRepoApi api, IModelsApi models, IDatasetsApi datasets, HttpClient http)
    {
        _api = api;
        _models = models;
        _datasets = datasets;
        _http = http;
    }

    /// <summary>
    /// Lists a folder (the root when <paramref name="path"/> is <see langword="null"/>) at a revision; with
    /// <paramref name="recursive"/>, every file and folder below it. Pages are followed through <c>Link</c>.
    /// </summary>
    /// <exception cref="EntryNotFoundException">The folder does not exist.</exception>
    public IAsyncEnumerable<TreeEntry> ListTreeAsync(RepoId repo, RepoType type = RepoType.Model, Revision? revision = null, string? path = null, bool recursive = false, bool expand = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var rev = (revision ?? Revision.Main).Value;
        bool? rec = recursive ? true : null;
        bool? exp = expand ? true : null;
        var folder = string.IsNullOrEmpty(path) ? null : RepoFilePath.Validate(path.Trim('/'));
        return HubPager.PagesAsync(
            _http,
            ct => folder is null
                ? _api.TreeAsync(type.ApiSegment(), repo.ToString(), rev, rec, exp, ct)
                : _api.TreeAtPathAsync(type.ApiSegment(), repo.ToString(), rev, folder, rec, exp, ct),
            HubJsonContext.Default.ListTreeEntry,
            cancellationToken);
    }

    /// <summary>Entries for the given paths at a revision; paths that do not exist are left out.</summary>
    public async Task<IReadOnlyList<TreeEntry>> GetPathsInfoAsync(RepoId repo, IEnumerable<string> paths, RepoType type = RepoType.Model, Revision? revision = null, bool expand = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(paths);
        var request = new PathsInfoRequest { Paths = paths.Select(RepoFilePath.Validate).ToList(), Expand = expand };
        return await RefitCalls.Run(_api.PathsInfoAsync(type.ApiSegment(), repo.ToString(), (revision ?? Revision.Main).Value, request, cancellationToken));
    }

    /// <summary>Branches, tags and conversion refs; pull requests too when asked.</summary>
    public Task<GitRefs> GetRefsAsync(RepoId repo, RepoType type = RepoType.Model, bool includePullRequests = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return RefitCalls.Run(_api.RefsAsync(type.ApiSegment(), repo.ToString(), includePullRequests ? 1 : null, cancellationToken));
    }

    /// <summary>The commit history of a revision, newest first, across pages.</summary>
    public IAsyncEnumerable<CommitInfo> ListCommitsAsync(RepoId repo, RepoType type = RepoType.Model, Revision? revision = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var rev = (revision ?? Revision.Main).Value;
        return HubPager.PagesAsync(_http, ct => _api.CommitsAsync(type.ApiSegment(), repo.ToString(), rev, null, ct), HubJsonContext.Default.ListCommitInfo, cancellationToken);
    }

    /// <summary>The 40-hex commit a revision points at now.</summary>
    /// <exception cref="RevisionNotFoundException">No such revision.</exception>
    public async Task<string> ResolveCommitAsync(RepoId repo, RepoType type, Revision revision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(revision);
        string[] expand = ["sha"];
        RepoInfo info = type switch
        {
            RepoType.Model => await RefitCalls.Run(_models.GetAtRevisionAsync(repo.ToString(), revision.Value, expand, null, cancellationToken)),
            RepoType.Dataset => await RefitCalls.Run(_datasets.GetAtRevisionAsync(repo.ToString(), revision.Value, expand, null, cancellationToken)),
            _ => throw new NotSupportedException("Spaces are not supported by this client yet."),
        };
        return info.Sha is { } sha && Revision.IsFullCommitId(sha)
            ? sha.ToLowerInvariant()
            : throw new HubException($"The Hub did not say which commit {repo} at {revision} is (no 40-hex 'sha').");
    }
}
