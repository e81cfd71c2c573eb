using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace HubPlatform.Storage.Trees;

/// <summary>
/// Decoded tree nodes, commit rows and paths found under a root node, shared by every request. All are immutable once
/// written, so nothing ever invalidates them; the cache is only bounded (by entries held, <see cref="StorageOptions.TreeCacheEntries"/>).
/// </summary>
public sealed class TreeCache : IDisposable
{
    private readonly MemoryCache _cache;

    public TreeCache(IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.TreeCacheEntries });
    }

    public bool TryGet<T>(object key, out T? value) => _cache.TryGetValue(key, out value);

    public void Set(object key, object value, long weight) =>
        _cache.Set(key, value, new MemoryCacheEntryOptions { Size = Math.Max(1, weight) });

    public void Dispose() => _cache.Dispose();
}
