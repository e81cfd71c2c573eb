using HubPlatform.Hub;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace HubPlatform.Storage;

/// <summary>
/// Rows that nearly every request reads and that rarely change (repositories by id, their refs, callers by token hash), so
/// that serving a file asks the database nothing. Writers in this process remove what they changed once their transaction
/// has committed; writers in other processes (<c>hub mirror sync</c>, <c>hub token</c> against the same data folder) are seen
/// within <see cref="StorageOptions.RowCacheSeconds"/>.
/// </summary>
public sealed class RowCache : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly TimeSpan _lifetime;

    // Bumped by every removal. A value loaded while a removal happened may predate the change that caused the removal, so it
    // is returned to its caller but not kept.
    private long _generation;

    public RowCache(IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.RowCacheEntries });
        _lifetime = TimeSpan.FromSeconds(options.Value.RowCacheSeconds);
    }

    /// <summary>
    /// Changes with every removal, so that answers built from many rows (listings) can be cached under it and are never served
    /// after a change this process made.
    /// </summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>How long a cached row may be served.</summary>
    public TimeSpan Lifetime => _lifetime;

    /// <summary>The cached value of a key, or the loaded one (kept unless the cache changed meanwhile). Null is kept too.</summary>
    public async ValueTask<T?> GetOrLoadAsync<T>(object key, Func<CancellationToken, Task<T?>> load, CancellationToken cancellationToken, bool keepNull = true)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(load);
        if (_lifetime <= TimeSpan.Zero)
        {
            return await load(cancellationToken);
        }

        if (_cache.TryGetValue(key, out Boxed<T>? hit))
        {
            return hit!.Value;
        }

        var generation = Interlocked.Read(ref _generation);
        var value = await load(cancellationToken);
        if ((value is not null || keepNull) && Interlocked.Read(ref _generation) == generation)
        {
            _cache.Set(key, new Boxed<T>(value), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _lifetime });
        }

        return value;
    }

    /// <summary>Forgets keys whose rows changed.</summary>
    public void Remove(params ReadOnlySpan<object> keys)
    {
        Interlocked.Increment(ref _generation);
        foreach (var key in keys)
        {
            _cache.Remove(key);
        }
    }

    /// <summary>Forgets a repository's row (under its current id) and its refs.</summary>
    public void ForgetRepository(Entities.RepositoryEntity repo)
    {
        ArgumentNullException.ThrowIfNull(repo);
        Remove(RepositoryKey.Of(repo), new RefsKey(repo.Id));
    }

    /// <summary>Forgets everything (after changes to many rows).</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _cache.Clear();
    }

    public void Dispose() => _cache.Dispose();

    private sealed record Boxed<T>(T? Value);

    /// <summary>A repository row by type and lower-cased id.</summary>
    public sealed record RepositoryKey(string Type, string NamespaceLower, string NameLower)
    {
        /// <summary>The key a repository row is found under now.</summary>
        public static RepositoryKey Of(Entities.RepositoryEntity repo)
        {
            ArgumentNullException.ThrowIfNull(repo);
            return new(repo.Type, repo.NamespaceLower, repo.NameLower);
        }

        /// <summary>The key a repository of this type and id is found under (ids match case-insensitively).</summary>
        public static RepositoryKey Of(RepoType type, RepoId id)
        {
            ArgumentNullException.ThrowIfNull(id);
            return new(type.SingularName(), (id.Namespace ?? string.Empty).ToLowerInvariant(), id.Name.ToLowerInvariant());
        }
    }

    /// <summary>A repository's refs, name to commit id.</summary>
    public sealed record RefsKey(long RepositoryId);

    /// <summary>The caller of a token, by the token's hash.</summary>
    public sealed record TokenKey(string Hash);
}
