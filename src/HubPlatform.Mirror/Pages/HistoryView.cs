using HubPlatform.Hub;
using HubPlatform.Storage;
using HubPlatform.Storage.Entities;

namespace HubPlatform.Mirror.Pages;

/// <summary>A page of a revision's history, newest first.</summary>
public sealed record HistoryView(RepoType Type, string Id, string Revision, IReadOnlyList<CommitEntity> Commits, int Total, int Page)
{
    /// <summary>Commits a page shows.</summary>
    public const int PageSize = 50;

    /// <summary>The repository's page path.</summary>
    public string RepoPath => (Type == RepoType.Dataset ? "/datasets/" : "/") + Id;

    /// <summary>Loads a page of history under the caller's access.</summary>
    public static async Task<HistoryView> LoadAsync(HttpContext context, RepoType type, RepoId id, string revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var repo = await context.ReadableRepoAsync(type, id, cancellationToken);
        var commit = await context.ResolveRevisionAsync(repo, revision, cancellationToken);
        var page = int.TryParse(context.Request.Query["p"].FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 0, 1_000_000) : 0;
        var (commits, total) = await context.RequestServices.GetRequiredService<RepositoryService>().HistoryAsync(repo, commit, page * PageSize, PageSize, cancellationToken);
        return new HistoryView(type, $"{repo.Namespace}/{repo.Name}", revision, commits, total, page);
    }
}
