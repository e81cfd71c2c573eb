using HubPlatform.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Storage;

/// <summary>
/// Full-text search over repository ids, tags and card text: an SQLite FTS5 table with the trigram tokenizer, so that a
/// search term matches anywhere inside an id (as the Hub's <c>search</c> does), not only whole words.
/// </summary>
public sealed class SearchIndex(HubDbContext db)
{
    /// <summary>The FTS5 table (created by the AddSearchIndex migration).</summary>
    public const string Table = "repo_search";

    /// <summary>Writes (or rewrites) a repository's searchable text.</summary>
    public async Task IndexAsync(RepositoryEntity repo, string? cardText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        await RemoveAsync(repo.Id, cancellationToken);
        var id = $"{repo.Namespace}/{repo.Name}";
        await db.Database.ExecuteSqlAsync($"INSERT INTO repo_search (repo_id, name, tags, card) VALUES ({repo.Id}, {id}, {repo.Tags}, {cardText ?? string.Empty})", cancellationToken);
    }

    /// <summary>Changes the id a repository is found under, keeping its tags and card text.</summary>
    public async Task RenameAsync(RepositoryEntity repo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var id = $"{repo.Namespace}/{repo.Name}";
        await db.Database.ExecuteSqlAsync($"UPDATE repo_search SET name = {id} WHERE repo_id = {repo.Id}", cancellationToken);
    }

    /// <summary>Removes a repository from the index.</summary>
    public async Task RemoveAsync(long repositoryId, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"DELETE FROM repo_search WHERE repo_id = {repositoryId}", cancellationToken);

    /// <summary>
    /// The repositories whose id, tags or card contain the term (case-insensitively), best matches first; null when the term is
    /// shorter than a trigram and the caller should fall back to a substring scan of ids.
    /// </summary>
    public async Task<List<long>?> SearchAsync(string term, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(term);
        if (term.Trim().Length < 3)
        {
            return null;
        }

        // A quoted FTS5 string is matched literally: no operators can be injected.
        var phrase = "\"" + term.Trim().Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        return await db.Database.SqlQuery<long>($"SELECT repo_id AS Value FROM repo_search WHERE repo_search MATCH {phrase} ORDER BY rank").ToListAsync(cancellationToken);
    }
}
