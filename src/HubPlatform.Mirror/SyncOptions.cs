namespace HubPlatform.Mirror;

/// <summary>How <see cref="MirrorSync"/> copies.</summary>
public sealed record SyncOptions
{
    /// <summary>
    /// Pull-through: LFS files are recorded but not fetched (they are fetched, and may later be evicted, when a client asks
    /// for them), and the repository is marked as a read-only copy of upstream's.
    /// </summary>
    public bool Pull { get; init; }

    /// <summary>How many commits of each branch's and tag's history to copy (all when null).</summary>
    public int? Depth { get; init; }
}
