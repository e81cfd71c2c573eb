using HubPlatform.Cards;
using HubPlatform.Storage;
using HubPlatform.Storage.Entities;

namespace HubPlatform.Mirror.Pages;

/// <summary>A repository's card (README.md) at a commit, as the pages read it.</summary>
internal static class RepoCard
{
    // Cards above this are not rendered or audited on a page (the file itself stays a link).
    private const long MaxCardBytes = 1024 * 1024;

    /// <summary>The parsed card, or null when there is none, it is too large, or its bytes are not in the mirror.</summary>
    public static async Task<Card?> ReadAsync(HttpContext context, RepositoryEntity repo, string commit, CancellationToken cancellationToken) =>
        await context.RequestServices.GetRequiredService<RepositoryService>().FileAsync(repo, commit, "README.md", cancellationToken) is { } readme && readme.Size <= MaxCardBytes
            && await context.RequestServices.GetRequiredService<CommitService>().ReadSmallTextAsync(readme.Sha256, cancellationToken) is { } text
            ? Card.Parse(text)
            : null;
}
