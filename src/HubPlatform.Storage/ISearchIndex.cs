using HubPlatform.Storage.Entities;

namespace HubPlatform.Storage;

/// <summary>
/// Full-text search over repository ids, tags and card text, kept by the database provider (SQLite: an FTS5 trigram table).
/// Writes join the caller's transaction.
/// </summary>
public interface ISearchIndex
{
    /// <summary>Writes (or rewrites) a repository's searchable text.</summary>
    Task IndexAsync(RepositoryEntity repo, string? cardText, CancellationToken cancellationToken);

    /// <summary>Changes the id a repository is found under, keeping its tags and card text.</summary>
    Task RenameAsync(RepositoryEntity repo, CancellationToken cancellationToken);

    /// <summary>Removes a repository from the index.</summary>
    Task RemoveAsync(long repositoryId, CancellationToken cancellationToken);

    /// <summary>
    /// The repositories whose id, tags or card contain the term (case-insensitively), best matches first; null when the
    /// index cannot answer for this term (too short) and the caller should fall back to a substring scan of ids.
    /// </summary>
    Task<List<long>?> SearchAsync(string term, CancellationToken cancellationToken);
}
