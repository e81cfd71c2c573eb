namespace HubPlatform.Storage;

/// <summary>A commit made elsewhere, to be recorded under its own id.</summary>
public sealed record ImportedCommit
{
    public required string Id { get; init; }

    public string? ParentId { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    public required string AuthorName { get; init; }

    public DateTimeOffset Date { get; init; }

    public required IReadOnlyList<ImportedFile> Files { get; init; }

    /// <summary>
    /// Brought in by pull-through: files whose bytes are not stored yet are allowed (they are fetched when first asked
    /// for), and bytes first stored this way may be evicted again.
    /// </summary>
    public bool Pulled { get; init; }
}

/// <summary>A file of an imported commit (its bytes in the blob store, unless the commit is pulled).</summary>
/// <param name="Path">The repository path.</param>
/// <param name="BlobId">Upstream's git blob id (of the pointer for LFS files).</param>
/// <param name="Size">The content's size.</param>
/// <param name="Sha256">The content's sha256.</param>
/// <param name="Lfs">Whether it is an LFS file.</param>
public sealed record ImportedFile(string Path, string BlobId, long Size, string Sha256, bool Lfs);
