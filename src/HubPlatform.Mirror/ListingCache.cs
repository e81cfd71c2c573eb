using HubPlatform.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace HubPlatform.Mirror;

/// <summary>
/// Whole answers of repository listings, which read many rows per request. An answer is kept under the row cache's
/// generation, so a change made through this process is seen by the next request; changes from other processes are seen
/// after the row cache's lifetime, like single rows. Bounded in bytes; large answers are not kept.
/// </summary>
internal sealed class ListingCache : IDisposable
{
    private const int MaxAnswerBytes = 256 * 1024;

    private readonly MemoryCache _cache;
    private readonly RowCache _rows;

    public ListingCache(RowCache rows, IOptions<MirrorOptions> options)
    {
        _rows = rows;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.ListingCacheBytes) });
    }

    /// <summary>The key of a request's answer: what it asked, who may see which private repositories, and the data's generation.</summary>
    public string KeyOf(HttpContext context, string what)
    {
        var caller = context.Caller();
        var visible = caller is null ? string.Empty : string.Join(',', caller.ReadableNamespaces);
        return string.Join('\n', _rows.Generation, what, visible, context.BaseUrl(), context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget);
    }

    public bool TryGet(string key, out CachedAnswer? answer) => _cache.TryGetValue(key, out answer);

    public void Set(string key, CachedAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (_rows.Lifetime > TimeSpan.Zero && answer.Body.Length <= MaxAnswerBytes)
        {
            _cache.Set(key, answer, new MemoryCacheEntryOptions { Size = answer.Body.Length + key.Length * 2, AbsoluteExpirationRelativeToNow = _rows.Lifetime });
        }
    }

    public void Dispose() => _cache.Dispose();
}

/// <summary>A JSON answer and its <c>Link</c> header.</summary>
internal sealed record CachedAnswer(byte[] Body, string? Link);
