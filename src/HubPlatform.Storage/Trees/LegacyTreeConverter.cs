using HubPlatform.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HubPlatform.Storage.Trees;

/// <summary>
/// Turns the file rows of data folders made before trees (a row per file per commit) into trees, keeping every commit's
/// id and each file's last commit, then deletes those rows. Runs after the migrations; one transaction per commit, so an
/// interrupted conversion resumes where it stopped. Commits are converted oldest first and as changes from their parent
/// when it was the commit before, so their folders are shared as if the commits had been made on trees.
/// </summary>
public sealed class LegacyTreeConverter(HubDbContext db, TreeStore trees, ILogger<LegacyTreeConverter> logger)
{
    /// <summary>Converts every commit that has no tree yet; returns how many.</summary>
    /// <exception cref="InvalidDataException">A commit's files do not hash to its recorded tree id (nothing of it is changed).</exception>
    public async Task<int> ConvertAsync(CancellationToken cancellationToken)
    {
        var pending = await db.Commits.AsNoTracking().Where(c => c.RootTreeId == null)
            .OrderBy(c => c.RepositoryId).ThenBy(c => c.Sequence)
            .Select(c => new { c.RepositoryId, c.Id, c.TreeId, c.ParentId, c.Sequence })
            .ToListAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return 0;
        }

        logger.LogInformation("Converting {Count} commits of an older data folder to trees", pending.Count);
        foreach (var repository in pending.GroupBy(c => c.RepositoryId))
        {
            var sequences = await db.Commits.AsNoTracking().Where(c => c.RepositoryId == repository.Key)
                .ToDictionaryAsync(c => c.Id, c => c.Sequence, StringComparer.Ordinal, cancellationToken);
            Dictionary<string, CommitFileEntity>? previous = null;
            string? previousId = null;
            long? previousRoot = null;
            foreach (var commit in repository)
            {
                var files = await db.CommitFiles.AsNoTracking().Where(f => f.RepositoryId == commit.RepositoryId && f.CommitId == commit.Id)
                    .ToDictionaryAsync(f => f.Path, StringComparer.Ordinal, cancellationToken);
                var basedOnPrevious = previous is not null && commit.ParentId == previousId;
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var builder = new TreeBuilder(trees, commit.RepositoryId, commit.Sequence, basedOnPrevious ? previousRoot : null);
                if (basedOnPrevious)
                {
                    foreach (var path in previous!.Keys.Where(p => !files.ContainsKey(p)))
                    {
                        await builder.DeleteFileAsync(path, cancellationToken);
                    }
                }

                foreach (var file in files.Values)
                {
                    if (basedOnPrevious && previous!.TryGetValue(file.Path, out var before) && Same(before, file))
                    {
                        continue;
                    }

                    var last = sequences.TryGetValue(file.LastCommitId, out var s) ? s : commit.Sequence;
                    await builder.AddFileAsync(file.Path, file.BlobId, file.Size, file.Sha256, file.Lfs, cancellationToken, last);
                }

                var root = await builder.WriteAsync(cancellationToken);
                if (root.Oid != commit.TreeId)
                {
                    throw new InvalidDataException($"Commit {commit.Id}: its files hash to tree {root.Oid}, not to its recorded tree {commit.TreeId}; it is left unconverted.");
                }

                await db.Commits.Where(c => c.RepositoryId == commit.RepositoryId && c.Id == commit.Id)
                    .ExecuteUpdateAsync(u => u.SetProperty(c => c.RootTreeId, root.ChildId), cancellationToken);
                await db.CommitFiles.Where(f => f.RepositoryId == commit.RepositoryId && f.CommitId == commit.Id).ExecuteDeleteAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                (previous, previousId, previousRoot) = (files, commit.Id, root.ChildId);
            }
        }

        logger.LogInformation("Converted {Count} commits to trees", pending.Count);
        return pending.Count;
    }

    private static bool Same(CommitFileEntity a, CommitFileEntity b) =>
        a.BlobId == b.BlobId && a.Sha256 == b.Sha256 && a.Lfs == b.Lfs && a.LastCommitId == b.LastCommitId;
}
