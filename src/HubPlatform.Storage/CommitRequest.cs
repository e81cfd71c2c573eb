namespace HubPlatform.Storage;

/// <summary>A commit to make on a branch (or on one of the server's own refs).</summary>
public sealed record CommitRequest
{
    /// <summary>The branch; for a commit with <see cref="RefName"/>, only a name for messages.</summary>
    public required string Branch { get; init; }

    /// <summary>
    /// A full ref outside <c>refs/heads/</c> that the server itself writes (<c>refs/convert/parquet</c>): the commit goes
    /// there instead, the ref is created by the first one, and it neither updates the card nor plans jobs. Never set from
    /// a client's request.
    /// </summary>
    public string? RefName { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    /// <summary>When set, the branch head must still be this commit (else 412).</summary>
    public string? ParentCommit { get; init; }

    public required string AuthorName { get; init; }

    public required IReadOnlyList<CommitOperation> Operations { get; init; }
}
