using Microsoft.Extensions.Caching.Memory;

namespace HubPlatform.Storage;

/// <summary>
/// Which pulled blobs had their last use written in the past minute, so that a fleet reading the same pulled file writes its
/// use once a minute instead of once a request. Eviction order is by minutes anyway.
/// </summary>
public sealed class RecentBlobUses : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly MemoryCache _recent = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    /// <summary>True (and remembered) when the use of this blob should be written now.</summary>
    public bool ShouldRecord(string sha256)
    {
        if (_recent.TryGetValue(sha256, out _))
        {
            return false;
        }

        _recent.Set(sha256, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Window });
        return true;
    }

    public void Dispose() => _recent.Dispose();
}
