namespace HubPlatform.Storage;

/// <summary>A commit to make on a branch.</summary>
public sealed record CommitRequest
{
    public required string Branch { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    /// <summary>When set, the branch head must still be this commit (else 412).</summary>
    public string? ParentCommit { get; init; }

    public required string AuthorName { get; init; }

    public required IReadOnlyList<CommitOperation> Operations { get; init; }
}
