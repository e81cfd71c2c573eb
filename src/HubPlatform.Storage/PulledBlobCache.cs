using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Storage;

/// <summary>
/// The bookkeeping of bytes brought in by pull-through: when each was last served, and eviction of the least recently
/// used ones when their total is over a limit. Uploaded and synced bytes are never evicted; neither are the rows, so an
/// evicted file is fetched from upstream again (and checked against the same sha256) when next asked for.
/// </summary>
public sealed class PulledBlobCache(HubDbContext db, IBlobStore blobs, RecentBlobUses recent, TimeProvider clock)
{
    /// <summary>Whether the bytes are stored and the blob was pulled (so that serving it counts as a use).</summary>
    public Task<bool> IsPulledAsync(string sha256, CancellationToken cancellationToken) =>
        db.Blobs.AnyAsync(b => b.Sha256 == sha256 && b.Pulled, cancellationToken);

    /// <summary>Marks pulled bytes as stored and just used.</summary>
    public async Task StoredAsync(string sha256, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.Blobs.Where(b => b.Sha256 == sha256).ExecuteUpdateAsync(s => s.SetProperty(b => b.Present, true).SetProperty(b => b.LastUsedAt, now), cancellationToken);
    }

    /// <summary>Records a use of pulled bytes (at most once a minute per blob).</summary>
    public async Task TouchAsync(string sha256, CancellationToken cancellationToken)
    {
        if (!recent.ShouldRecord(sha256))
        {
            return;
        }

        var now = clock.GetUtcNow();
        await db.Blobs.Where(b => b.Sha256 == sha256 && b.Pulled).ExecuteUpdateAsync(s => s.SetProperty(b => b.LastUsedAt, now), cancellationToken);
    }

    /// <summary>The bytes of pulled blobs now stored.</summary>
    public async Task<long> SizeAsync(CancellationToken cancellationToken) =>
        await db.Blobs.Where(b => b.Pulled && b.Present).SumAsync(b => (long?)b.Size, cancellationToken) ?? 0;

    /// <summary>
    /// Deletes least recently used pulled blobs until their total is at most <paramref name="limitBytes"/>, never
    /// <paramref name="keep"/> (the one just fetched). Returns how many were evicted.
    /// </summary>
    public async Task<int> EvictAsync(long limitBytes, string? keep, CancellationToken cancellationToken)
    {
        var total = await SizeAsync(cancellationToken);
        var evicted = 0;
        while (total > limitBytes)
        {
            var batch = await db.Blobs.AsNoTracking().Where(b => b.Pulled && b.Present && b.Sha256 != keep)
                .OrderBy(b => b.LastUsedAt).ThenBy(b => b.CreatedAt).Take(32).Select(b => new { b.Sha256, b.Size }).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var blob in batch)
            {
                if (total <= limitBytes)
                {
                    break;
                }

                // The row first: a reader that sees Present=false fetches again; one that already opened the file keeps
                // reading it, since a deleted file stays readable through an open handle.
                // An upload may have claimed the bytes meanwhile; then they are no longer the cache's to delete.
                if (await db.Blobs.Where(b => b.Sha256 == blob.Sha256 && b.Pulled && b.Present).ExecuteUpdateAsync(s => s.SetProperty(b => b.Present, false), cancellationToken) == 0)
                {
                    continue;
                }

                blobs.Delete(blob.Sha256);
                total -= blob.Size;
                evicted++;
            }
        }

        return evicted;
    }
}
