using System.Net;
using System.Text.Json;
using HubPlatform.Client.Errors;
using HubPlatform.Hub;

namespace HubPlatform.Client;

/// <summary>Creating, deleting, moving and configuring repositories, and their branches and tags.</summary>
public sealed partial class RepositoriesClient
{
    /// <summary>
    /// Creates a repository (in the caller's namespace when <paramref name="repo"/> has none) and returns its URL. With
    /// <paramref name="existOk"/>, one that exists already is fine.
    /// </summary>
    /// <exception cref="HubHttpException">409 when it exists (without <paramref name="existOk"/>), 403 without the right.</exception>
    public async Task<Uri> CreateAsync(RepoId repo, RepoType type = RepoType.Model, bool isPrivate = false, bool existOk = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var url = new Uri(Base + "/" + type.UrlPrefix() + repo);
        try
        {
            await SendJsonAsync(HttpMethod.Post, "/api/repos/create", w =>
            {
                w.WriteString("name", repo.Name);
                if (repo.Namespace is null)
                {
                    w.WriteNull("organization");
                }
                else
                {
                    w.WriteString("organization", repo.Namespace);
                }

                w.WriteString("type", type.SingularName());
                w.WriteBoolean("private", isPrivate);
                w.WriteString("visibility", isPrivate ? "private" : "public");
            }, cancellationToken);
        }
        catch (HubHttpException e) when (existOk && e.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there, as asked.
        }

        return url;
    }

    /// <summary>Deletes a repository.</summary>
    /// <exception cref="RepositoryNotFoundException">It does not exist (unless <paramref name="missingOk"/>).</exception>
    public async Task DeleteAsync(RepoId repo, RepoType type = RepoType.Model, bool missingOk = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        try
        {
            await SendJsonAsync(HttpMethod.Delete, "/api/repos/delete", w =>
            {
                w.WriteString("name", repo.Name);
                if (repo.Namespace is not null)
                {
                    w.WriteString("organization", repo.Namespace);
                }

                w.WriteString("type", type.SingularName());
            }, cancellationToken);
        }
        catch (RepositoryNotFoundException) when (missingOk)
        {
            // Gone already.
        }
    }

    /// <summary>Renames a repository or moves it to another namespace; the old id then redirects.</summary>
    public Task MoveAsync(RepoId from, RepoId to, RepoType type = RepoType.Model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return SendJsonAsync(HttpMethod.Post, "/api/repos/move", w =>
        {
            w.WriteString("fromRepo", from.ToString());
            w.WriteString("toRepo", to.ToString());
            w.WriteString("type", type.SingularName());
        }, cancellationToken);
    }

    /// <summary>Changes visibility and/or gating (<c>false</c>, <c>auto</c> or <c>manual</c>).</summary>
    public Task UpdateSettingsAsync(RepoId repo, RepoType type = RepoType.Model, bool? isPrivate = null, string? gated = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        if (isPrivate is null && gated is null)
        {
            throw new ArgumentException("Give a visibility or a gating mode to change.", nameof(isPrivate));
        }

        return SendJsonAsync(HttpMethod.Put, $"/api/{type.ApiSegment()}/{repo}/settings", w =>
        {
            if (isPrivate is { } p)
            {
                w.WriteBoolean("private", p);
                w.WriteString("visibility", p ? "private" : "public");
            }

            if (gated is "false")
            {
                w.WriteBoolean("gated", false);
            }
            else if (gated is not null)
            {
                w.WriteString("gated", gated);
            }
        }, cancellationToken);
    }

    /// <summary>Creates a branch at a revision (the default branch's head when none is given).</summary>
    public Task CreateBranchAsync(RepoId repo, string branch, Revision? startingPoint = null, RepoType type = RepoType.Model, bool existOk = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var name = Revision.Parse(branch);
        return IgnoreConflictAsync(existOk, SendJsonAsync(HttpMethod.Post, $"/api/{type.ApiSegment()}/{repo}/branch/{name.Escaped}", w =>
        {
            if (startingPoint is not null)
            {
                w.WriteString("startingPoint", startingPoint.Value);
            }
        }, cancellationToken));
    }

    /// <summary>Deletes a branch.</summary>
    public Task DeleteBranchAsync(RepoId repo, string branch, RepoType type = RepoType.Model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return SendJsonAsync(HttpMethod.Delete, $"/api/{type.ApiSegment()}/{repo}/branch/{Revision.Parse(branch).Escaped}", null, cancellationToken);
    }

    /// <summary>Tags a revision (the default branch's head when none is given).</summary>
    public Task CreateTagAsync(RepoId repo, string tag, Revision? revision = null, string? message = null, RepoType type = RepoType.Model, bool existOk = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        Revision.Parse(tag);
        return IgnoreConflictAsync(existOk, SendJsonAsync(HttpMethod.Post, $"/api/{type.ApiSegment()}/{repo}/tag/{(revision ?? Revision.Main).Escaped}", w =>
        {
            w.WriteString("tag", tag);
            if (message is not null)
            {
                w.WriteString("message", message);
            }
        }, cancellationToken));
    }

    /// <summary>Deletes a tag.</summary>
    public Task DeleteTagAsync(RepoId repo, string tag, RepoType type = RepoType.Model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return SendJsonAsync(HttpMethod.Delete, $"/api/{type.ApiSegment()}/{repo}/tag/{Revision.Parse(tag).Escaped}", null, cancellationToken);
    }

    private string Base => _http.BaseAddress!.AbsoluteUri.TrimEnd('/');

    private static async Task IgnoreConflictAsync(bool existOk, Task call)
    {
        try
        {
            await call;
        }
        catch (HubHttpException e) when (existOk && e.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there, as asked.
        }
    }

    private async Task SendJsonAsync(HttpMethod method, string path, Action<Utf8JsonWriter>? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(Base + path));
        if (body is not null)
        {
            using var buffer = new MemoryStream();
            await using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                body(w);
                w.WriteEndObject();
            }

            request.Content = new ByteArrayContent(buffer.ToArray());
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        using var response = await _http.SendAsync(request, cancellationToken);
    }
}
