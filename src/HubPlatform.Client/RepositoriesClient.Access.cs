using System.Net.Http.Json;
using System.Text.Json;
using HubPlatform.Client.Http;
using HubPlatform.Hub;
using HubPlatform.Hub.Api;

namespace HubPlatform.Client;

/// <summary>Access to gated repositories: the owner's requests API, as <c>huggingface_hub</c> calls it, and a user's own request.</summary>
public sealed partial class RepositoriesClient
{
    /// <summary>The access requests of a gated repository in one status (<c>pending</c>, <c>accepted</c> or <c>rejected</c>), across pages.</summary>
    /// <exception cref="HubPlatform.Client.Errors.HubHttpException">403 unless the caller may write to the repository.</exception>
    public IAsyncEnumerable<AccessRequestInfo> ListAccessRequestsAsync(RepoId repo, string status, RepoType type = RepoType.Model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        if (status is not ("pending" or "accepted" or "rejected"))
        {
            throw new ArgumentException("status is pending, accepted or rejected.", nameof(status));
        }

        return HubPager.PagesAsync(_http, ct => _api.AccessRequestsAsync(type.ApiSegment(), repo.ToString(), status, ct), HubJsonContext.Default.ListAccessRequestInfo, cancellationToken);
    }

    /// <summary>Accepts a user's request: the user may then download the repository's files.</summary>
    public Task AcceptAccessRequestAsync(RepoId repo, string user, RepoType type = RepoType.Model, CancellationToken cancellationToken = default) =>
        HandleAccessRequestAsync(repo, new HandleAccessRequest { User = user, Status = "accepted" }, "handle", type, cancellationToken);

    /// <summary>Rejects a user's request (or withdraws accepted access), with an optional reason.</summary>
    public Task RejectAccessRequestAsync(RepoId repo, string user, string? reason = null, RepoType type = RepoType.Model, CancellationToken cancellationToken = default) =>
        HandleAccessRequestAsync(repo, new HandleAccessRequest { User = user, Status = "rejected", RejectionReason = reason }, "handle", type, cancellationToken);

    /// <summary>Puts a user's request back to pending.</summary>
    public Task CancelAccessRequestAsync(RepoId repo, string user, RepoType type = RepoType.Model, CancellationToken cancellationToken = default) =>
        HandleAccessRequestAsync(repo, new HandleAccessRequest { User = user, Status = "pending" }, "handle", type, cancellationToken);

    /// <summary>Gives a user access without a request.</summary>
    /// <exception cref="HubPlatform.Client.Errors.HubHttpException">409 when the user already has a request.</exception>
    public Task GrantAccessAsync(RepoId repo, string user, RepoType type = RepoType.Model, CancellationToken cancellationToken = default) =>
        HandleAccessRequestAsync(repo, new HandleAccessRequest { User = user }, "grant", type, cancellationToken);

    /// <summary>
    /// Asks for access to a gated repository, with answers to its gate form's fields; returns the request's status
    /// (<c>accepted</c> at once when the repository is gated <c>auto</c>). This is the route of the mirror's gate form; the
    /// Hub takes requests on its web page only.
    /// </summary>
    public async Task<string> RequestAccessAsync(RepoId repo, IReadOnlyDictionary<string, string>? fields = null, RepoType type = RepoType.Model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var body = JsonContent.Create(fields is null ? [] : fields.ToDictionary(), HubJsonContext.Default.DictionaryStringString);
        using var response = await SendAsync(HttpMethod.Post, $"/{type.UrlPrefix()}{repo}/ask-access", body, cancellationToken);
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return doc.RootElement.TryGetProperty("status", out var status) && status.GetString() is { } text ? text : "pending";
    }

    private async Task HandleAccessRequestAsync(RepoId repo, HandleAccessRequest request, string action, RepoType type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentException.ThrowIfNullOrEmpty(request.User);
        using var response = await SendAsync(HttpMethod.Post, $"/api/{type.ApiSegment()}/{repo}/user-access-request/{action}", JsonContent.Create(request, HubJsonContext.Default.HandleAccessRequest), cancellationToken);
    }
}
