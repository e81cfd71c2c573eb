namespace HubPlatform.Storage.Entities;

/// <summary>
/// One file of a commit's snapshot, as data folders made before trees stored them (a row per file per commit). Read only
/// by <see cref="Trees.LegacyTreeConverter"/>, which turns them into trees and deletes them.
/// </summary>
public class CommitFileEntity
{
    public long RepositoryId { get; set; }

    public required string CommitId { get; set; }

    public required string Path { get; set; }

    /// <summary>The git blob id (of the pointer for LFS files).</summary>
    public required string BlobId { get; set; }

    /// <summary>The content's size.</summary>
    public long Size { get; set; }

    /// <summary>The sha256 of the content: where the bytes are in the blob store.</summary>
    public required string Sha256 { get; set; }

    /// <summary>Whether the file is stored through LFS (its git blob is a pointer).</summary>
    public bool Lfs { get; set; }

    /// <summary>The commit that last changed the path.</summary>
    public required string LastCommitId { get; set; }
}
