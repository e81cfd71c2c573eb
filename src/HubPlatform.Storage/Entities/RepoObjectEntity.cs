namespace HubPlatform.Storage.Entities;

/// <summary>
/// An LFS object that belongs to a repository: one of its commits references it, or a writer uploaded it through the
/// repository's batch API. The blob store is shared by content, so this row, not the bytes on disk, is what lets a caller
/// download or commit the object through that repository.
/// </summary>
public class RepoObjectEntity
{
    public long RepositoryId { get; set; }

    public required string Sha256 { get; set; }

    public long Size { get; set; }

    /// <summary>When the object came to the repository (upload or first commit); fsck leaves younger bytes alone.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The user who uploaded it, when it came by upload rather than by a commit or a sync.</summary>
    public long? UploaderId { get; set; }
}
