using System.Text;
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
    public static async Task<Card?> ReadAsync(HttpContext context, RepositoryEntity repo, string commit, CancellationToken cancellationToken)
    {
        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        var blobs = context.RequestServices.GetRequiredService<IBlobStore>();
        if (await repos.FileAsync(repo, commit, "README.md", cancellationToken) is not { } readme || readme.Size > MaxCardBytes || !blobs.Exists(readme.Sha256))
        {
            return null;
        }

        await using var stream = blobs.OpenRead(readme.Sha256);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Card.Parse(await reader.ReadToEndAsync(cancellationToken));
    }
}
