using System.Net;
using System.Net.Http.Json;
using HubPlatform.Hub.Api;
using HubPlatform.Client.Errors;
using HubPlatform.Hub;

namespace HubPlatform.Client;

/// <summary>Creating, deleting, moving and configuring repositories, and their branches and tags.</summary>
public sealed partial class RepositoriesClient
{
    /// <summary>
    /// Creates a repository (in the caller's namespace when <paramref name="repo"/> has none) and returns its URL as the Hub
    /// gives it. With <paramref name="existOk"/>, one that exists already is fine.
    /// </summary>
    /// <exception cref="HubHttpException">409 when it exists (without <paramref name="existOk"/>), 403 without the right.</exception>
    public async Task<Uri> CreateAsync(RepoId repo, RepoType type = RepoType.Model, bool isPrivate = false, bool existOk = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var request = new CreateRepoRequest
        {
            Name = repo.Name,
            Organization = repo.Namespace,
            Type = type.SingularName(),
            Private = isPrivate,
            Visibility = isPrivate ? "private" : "public",
        };
        try
        {
            using var response = await SendAsync(HttpMethod.Post, "/api/repos/create", JsonContent.Create(request, HubJsonContext.Default.CreateRepoRequest), cancellationToken);
            var created = await response.Content.ReadFromJsonAsync(HubJsonContext.Default.CreateRepoResponse, cancellationToken);
            if (created is { Url: { } url } && Uri.TryCreate(url, UriKind.Absolute, out var answered))
            {
                return answered;
            }
        }
        catch (HubHttpException e) when (existOk && e.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there, as asked.
        }

        return new Uri(Base + "/" + type.UrlPrefix() + repo);
    }

    /// <summary>Deletes a repository.</summary>
    /// <exception cref="RepositoryNotFoundException">It does not exist (unless <paramref name="missingOk"/>).</exception>
    public async Task DeleteAsync(RepoId repo, RepoType type = RepoType.Model, bool missingOk = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var request = new DeleteRepoRequest { Name = repo.Name, Organization = repo.Namespace, Type = type.SingularName() };
        try
        {
            using var response = await SendAsync(HttpMethod.Delete, "/api/repos/delete", JsonContent.Create(request, HubJsonContext.Default.DeleteRepoRequest), cancellationToken);
        }
        catch (RepositoryNotFoundException) when (missingOk)
        {
            // Gone already.
        }
    }

    /// <summary>Renames a repository or moves it to another namespace; the old id then redirects.</summary>
    public async Task MoveAsync(RepoId from, RepoId to, RepoType type = RepoType.Model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var request = new MoveRepoRequest { FromRepo = from.ToString(), ToRepo = to.ToString(), Type = type.SingularName() };
        using var response = await SendAsync(HttpMethod.Post, "/api/repos/move", JsonContent.Create(request, HubJsonContext.Default.MoveRepoRequest), cancellationToken);
    }

    /// <summary>Changes visibility and/or gating.</summary>
    public async Task UpdateSettingsAsync(RepoId repo, RepoType type = RepoType.Model, bool? isPrivate = null, GateMode? gated = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        if (isPrivate is null && gated is null)
        {
            throw new ArgumentException("Give a visibility or a gating mode to change.", nameof(isPrivate));
        }

        var request = new RepoSettingsRequest
        {
            Private = isPrivate,
            Visibility = isPrivate switch { true => "private", false => "public", null => null },
            Gated = gated,
        };
        using var response = await SendAsync(HttpMethod.Put, $"/api/{type.ApiSegment()}/{repo}/settings", JsonContent.Create(request, HubJsonContext.Default.RepoSettingsRequest), cancellationToken);
    }

    /// <summary>Creates a branch at a revision (the default branch's head when none is given).</summary>
    public async Task CreateBranchAsync(RepoId repo, string branch, Revision? startingPoint = null, RepoType type = RepoType.Model, bool existOk = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var name = Revision.Parse(branch);
        var request = new CreateBranchRequest { StartingPoint = startingPoint?.Value };
        try
        {
            using var response = await SendAsync(HttpMethod.Post, $"/api/{type.ApiSegment()}/{repo}/branch/{name.Escaped}", JsonContent.Create(request, HubJsonContext.Default.CreateBranchRequest), cancellationToken);
        }
        catch (HubHttpException e) when (existOk && e.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there, as asked.
        }
    }

    /// <summary>Deletes a branch.</summary>
    public async Task DeleteBranchAsync(RepoId repo, string branch, RepoType type = RepoType.Model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        using var response = await SendAsync(HttpMethod.Delete, $"/api/{type.ApiSegment()}/{repo}/branch/{Revision.Parse(branch).Escaped}", null, cancellationToken);
    }

    /// <summary>Tags a revision (the default branch's head when none is given).</summary>
    public async Task CreateTagAsync(RepoId repo, string tag, Revision? revision = null, string? message = null, RepoType type = RepoType.Model, bool existOk = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        Revision.Parse(tag);
        var request = new CreateTagRequest { Tag = tag, Message = message };
        try
        {
            using var response = await SendAsync(HttpMethod.Post, $"/api/{type.ApiSegment()}/{repo}/tag/{(revision ?? Revision.Main).Escaped}", JsonContent.Create(request, HubJsonContext.Default.CreateTagRequest), cancellationToken);
        }
        catch (HubHttpException e) when (existOk && e.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there, as asked.
        }
    }

    /// <summary>Deletes a tag.</summary>
    public async Task DeleteTagAsync(RepoId repo, string tag, RepoType type = RepoType.Model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        using var response = await SendAsync(HttpMethod.Delete, $"/api/{type.ApiSegment()}/{repo}/tag/{Revision.Parse(tag).Escaped}", null, cancellationToken);
    }

    private string Base => _http.BaseAddress!.AbsoluteUri.TrimEnd('/');

    // The pipeline's error handler turns a refusal into a typed exception before this returns.
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(Base + path)) { Content = body };
        return await _http.SendAsync(request, cancellationToken);
    }
}
