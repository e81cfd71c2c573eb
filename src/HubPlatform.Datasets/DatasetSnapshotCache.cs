using Microsoft.Extensions.Caching.Memory;

namespace HubPlatform.Datasets;

/// <summary>
/// Indexed snapshots by repository and commit, kept in memory: a commit's index never changes, so paging a dataset parses
/// its snapshot once. Bounded by count; callers check access before they look here.
/// </summary>
public sealed class DatasetSnapshotCache : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 256 });

    /// <summary>The snapshot of a commit, if cached.</summary>
    public bool TryGet(long repositoryId, string commitId, out DatasetSnapshot? snapshot) => _cache.TryGetValue((repositoryId, commitId), out snapshot);

    /// <summary>Keeps a commit's snapshot.</summary>
    public void Set(long repositoryId, string commitId, DatasetSnapshot snapshot) =>
        _cache.Set((repositoryId, commitId), snapshot, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) });

    /// <inheritdoc />
    public void Dispose() => _cache.Dispose();
}
