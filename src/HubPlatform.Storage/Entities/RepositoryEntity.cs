namespace HubPlatform.Storage.Entities;

/// <summary>A repository. Ids are matched case-insensitively through the lower-cased columns.</summary>
public class RepositoryEntity
{
    public long Id { get; set; }

    /// <summary>24 hex digits, served as <c>_id</c>.</summary>
    public required string ObjectId { get; set; }

    /// <summary><c>model</c>, <c>dataset</c> or <c>space</c>.</summary>
    public required string Type { get; set; }

    public required string Namespace { get; set; }

    public required string Name { get; set; }

    public required string NamespaceLower { get; set; }

    public required string NameLower { get; set; }

    public bool Private { get; set; }

    /// <summary><c>false</c>, <c>auto</c> or <c>manual</c>.</summary>
    public string Gated { get; set; } = "false";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastModified { get; set; }

    public long Downloads { get; set; }

    public long Likes { get; set; }

    /// <summary>The README front matter of the default branch's head, as JSON (served as <c>cardData</c>).</summary>
    public string? CardDataJson { get; set; }

    /// <summary>Tags derived from the card, space-separated, for filtering and search.</summary>
    public string Tags { get; set; } = string.Empty;

    public string? PipelineTag { get; set; }

    /// <summary>The card's completeness score at the head of the default branch; null when there is no card (or not audited yet).</summary>
    public int? CardScore { get; set; }

    /// <summary>The codes of the card audit's findings, space-separated; null for a repository not audited since audits were stored.</summary>
    public string? CardFindings { get; set; }

    public string? LibraryName { get; set; }

    /// <summary>Pulled through from the upstream: a read-only copy whose refs follow upstream's.</summary>
    public bool FromUpstream { get; set; }

    /// <summary>When the refs were last compared with upstream's.</summary>
    public DateTimeOffset? UpstreamCheckedAt { get; set; }

    /// <summary>
    /// Set on repositories of a data folder made before LFS objects belonged to repositories, until start-up has recorded
    /// the objects their trees reference.
    /// </summary>
    public bool ObjectsPending { get; set; }

    /// <summary>A detached copy, so that a row shared through the cache is never changed or tracked by a request.</summary>
    public RepositoryEntity Copy() => (RepositoryEntity)MemberwiseClone();
}
