using HubPlatform.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace HubPlatform.Mirror;

/// <summary>
/// The bytes of small files (configs, tokenizer settings: what every job of a fleet asks for first), kept in memory by
/// sha256. Blobs never change under their hash, so nothing invalidates an entry; the cache is only bounded in bytes.
/// </summary>
internal sealed class SmallFileCache : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly IBlobStore _blobs;
    private readonly long _maxFileBytes;

    public SmallFileCache(IBlobStore blobs, IOptions<MirrorOptions> options)
    {
        _blobs = blobs;
        var o = options.Value;
        _maxFileBytes = o.SmallFileCacheBytes <= 0 ? -1 : Math.Min(o.SmallFileMaxBytes, o.SmallFileCacheBytes);
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, o.SmallFileCacheBytes) });
    }

    /// <summary>The bytes of a blob of the given size, or null when it is too large to keep or is not stored here.</summary>
    public async ValueTask<byte[]?> GetAsync(string sha256, long size, CancellationToken cancellationToken)
    {
        if (size > _maxFileBytes)
        {
            return null;
        }

        if (_cache.TryGetValue(sha256, out byte[]? bytes))
        {
            return bytes;
        }

        try
        {
            bytes = await File.ReadAllBytesAsync(_blobs.PathOf(sha256), cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        // A blob whose length is not the recorded one is left to the usual path (and to fsck), never kept.
        if (bytes.Length != size)
        {
            return null;
        }

        _cache.Set(sha256, bytes, new MemoryCacheEntryOptions { Size = Math.Max(1, bytes.Length) });
        return bytes;
    }

    public void Dispose() => _cache.Dispose();
}
