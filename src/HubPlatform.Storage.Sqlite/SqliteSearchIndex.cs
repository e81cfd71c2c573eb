using HubPlatform.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Storage.Sqlite;

/// <summary>
/// Full-text search over repository ids, tags and card text: an SQLite FTS5 table with the trigram tokenizer, so that a
/// search term matches anywhere inside an id (as the Hub's <c>search</c> does), not only whole words.
/// </summary>
internal sealed class SqliteSearchIndex(HubDbContext db) : ISearchIndex
{
    // The FTS5 table repo_search is made by the AddSearchIndex migration.
    public async Task IndexAsync(RepositoryEntity repo, string? cardText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        await RemoveAsync(repo.Id, cancellationToken);
        var id = $"{repo.Namespace}/{repo.Name}";
        await db.Database.ExecuteSqlAsync($"INSERT INTO repo_search (repo_id, name, tags, card) VALUES ({repo.Id}, {id}, {repo.Tags}, {cardText ?? string.Empty})", cancellationToken);
    }

    public async Task RenameAsync(RepositoryEntity repo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var id = $"{repo.Namespace}/{repo.Name}";
        await db.Database.ExecuteSqlAsync($"UPDATE repo_search SET name = {id} WHERE repo_id = {repo.Id}", cancellationToken);
    }

    public async Task RemoveAsync(long repositoryId, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"DELETE FROM repo_search WHERE repo_id = {repositoryId}", cancellationToken);

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
