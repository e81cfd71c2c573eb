using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HubPlatform.Storage.Trees;

/// <summary>
/// Records, for each repository of a data folder made before LFS objects belonged to repositories, the objects its tree
/// nodes reference (every commit's, since the nodes are shared by commits and never removed while the repository lives).
/// One transaction per repository, so an interrupted run resumes with the repositories it did not finish.
/// </summary>
public sealed class ObjectOwnershipBackfill(HubDbContext db, TreeStore trees, LfsObjects objects, ILogger<ObjectOwnershipBackfill> logger)
{
    /// <summary>Backfills every repository still marked; returns how many.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var pending = await db.Repositories.AsNoTracking().Where(r => r.ObjectsPending).Select(r => r.Id).ToListAsync(cancellationToken);
        foreach (var repositoryId in pending)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var found = new Dictionary<string, long>(StringComparer.Ordinal);
            await foreach (var row in trees.ScanAsync(repositoryId, cancellationToken))
            {
                foreach (var item in TreeEncoding.Decode(row.Data, row.GitId, row.FileCount, row.TotalSize).Items ?? [])
                {
                    if (item is { IsDirectory: false, Lfs: true })
                    {
                        found[item.Sha256!] = item.Size;
                    }
                }
            }

            await objects.RecordReferencedAsync(repositoryId, found.Select(f => (f.Key, f.Value)), cancellationToken);
            await db.Repositories.Where(r => r.Id == repositoryId).ExecuteUpdateAsync(s => s.SetProperty(r => r.ObjectsPending, false), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (pending.Count > 0)
        {
            logger.LogInformation("Recorded the LFS objects of {Count} repositories made before objects belonged to repositories", pending.Count);
        }

        return pending.Count;
    }
}
