using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Storage;

/// <summary>
/// Counts downloads in memory and writes them to the repositories in one transaction when flushed, so that serving a file
/// costs no database write. Counts not flushed yet are lost if the process dies; like the Hub's, they are approximate.
/// </summary>
public sealed class DownloadCounter(RowCache rows)
{
    private readonly ConcurrentDictionary<long, long> _pending = new();

    /// <summary>Counts one download of a repository.</summary>
    public void Add(long repositoryId) => _pending.AddOrUpdate(repositoryId, 1, (_, n) => n + 1);

    /// <summary>Counts not written yet, by repository.</summary>
    public long Pending(long repositoryId) => _pending.TryGetValue(repositoryId, out var n) ? n : 0;

    /// <summary>Adds the counts so far to the repositories' rows; on failure they are kept for the next flush.</summary>
    public async Task<int> FlushAsync(HubDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var taken = new Dictionary<long, long>();
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var n))
            {
                taken[id] = n;
            }
        }

        if (taken.Count == 0)
        {
            return 0;
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var (id, n) in taken)
            {
                await db.Repositories.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Downloads, r => r.Downloads + n), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);

            // The counts are in the cached repository rows too; a flush is every few seconds at most.
            rows.Clear();
            return taken.Count;
        }
        catch
        {
            foreach (var (id, n) in taken)
            {
                _pending.AddOrUpdate(id, n, (_, m) => m + n);
            }

            throw;
        }
    }
}
