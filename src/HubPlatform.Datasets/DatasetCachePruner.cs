using System.Text.Json;
using HubPlatform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HubPlatform.Datasets;

/// <summary>
/// Finds what the dataset jobs computed for content no indexed commit holds any more (a deleted repository's splits): search
/// index files and statistics rows, keyed by split content. Run by <c>hub fsck</c>, which removes them with <c>--repair</c>.
/// A result is written only after the snapshot that names its key, and snapshots go only with their repository, so what no
/// snapshot names now will never be asked for again.
/// </summary>
public sealed class DatasetCachePruner(HubDbContext db, DatasetSearchIndex search, IOptions<StorageOptions> options, TimeProvider clock)
{
    /// <summary>Search indexes and statistics of content nothing holds (removed when <paramref name="repair"/>).</summary>
    public async Task<(int SearchIndexes, int Statistics)> PruneAsync(bool repair, CancellationToken cancellationToken)
    {
        var live = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var json in db.DatasetRevisions.AsNoTracking().Where(r => r.Format == DatasetSnapshot.Format).Select(r => r.Snapshot).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var snapshot = JsonSerializer.Deserialize(json, SnapshotJsonContext.Default.DatasetSnapshot);
            foreach (var split in snapshot?.Configs.SelectMany(c => c.Splits).Where(s => s.Error is null) ?? [])
            {
                live.Add(split.ContentKey);
            }
        }

        var young = clock.GetUtcNow() - options.Value.FsckGracePeriod;
        var files = search.Keys().Where(k => !live.Contains(k.Key) && k.Written < young).ToList();
        var rows = await db.DatasetStatistics.Where(s => s.CreatedAt < young).Select(s => s.Key).ToListAsync(cancellationToken);
        var dead = rows.Where(k => !live.Contains(k)).ToList();
        if (repair)
        {
            files.ForEach(f => search.Delete(f.Key));
            foreach (var chunk in dead.Chunk(500))
            {
                await db.DatasetStatistics.Where(s => chunk.Contains(s.Key)).ExecuteDeleteAsync(cancellationToken);
            }
        }

        return (files.Count, dead.Count);
    }
}
