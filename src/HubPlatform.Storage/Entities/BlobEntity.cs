namespace HubPlatform.Storage.Entities;

/// <summary>Bytes in the blob store that a row may reference.</summary>
public class BlobEntity
{
    public required string Sha256 { get; set; }

    public long Size { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// Brought in by pull-through and never uploaded or synced: such bytes can be fetched again, so they may be evicted
    /// when the pull-through cache is over its size limit.
    /// </summary>
    public bool Pulled { get; set; }

    /// <summary>Whether the bytes are in the blob store (false for a pulled blob not fetched yet, or evicted).</summary>
    public bool Present { get; set; } = true;

    /// <summary>
    /// When a commit or a sync last referenced the bytes: fsck removes an unreferenced row only if this is older than its
    /// scan, so a commit that lands while fsck runs keeps what it references.
    /// </summary>
    public DateTimeOffset? ReferencedAt { get; set; }

    /// <summary>When a pulled blob was last served, for least-recently-used eviction.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
}
