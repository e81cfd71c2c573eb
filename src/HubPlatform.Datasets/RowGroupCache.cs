using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace HubPlatform.Datasets;

/// <summary>
/// Decoded row groups of flat files, most recently used first, up to <see cref="DatasetOptions.RowGroupCacheBytes"/>: a
/// reader paging through a split asks for a row group many times (a page is 100 rows, a group often 100,000), and decoding
/// it is most of a page's cost. Keyed by the repository and the file's content, so that one tenant's reads never make
/// another's faster.
/// </summary>
public sealed class RowGroupCache(IOptions<DatasetOptions> options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.RowGroupCacheBytes), CompactionPercentage = 0.25 });

    internal DecodedRowGroup? Get(string scope, string sha256, int group) =>
        _cache.TryGetValue((scope, sha256, group), out DecodedRowGroup? decoded) ? decoded : null;

    internal void Set(string scope, string sha256, int group, DecodedRowGroup decoded)
    {
        if (decoded.Bytes <= options.Value.RowGroupCacheBytes / 2)
        {
            _cache.Set((scope, sha256, group), decoded, new MemoryCacheEntryOptions { Size = Math.Max(1, decoded.Bytes), SlidingExpiration = TimeSpan.FromMinutes(10) });
        }
    }

    /// <inheritdoc />
    public void Dispose() => _cache.Dispose();
}
