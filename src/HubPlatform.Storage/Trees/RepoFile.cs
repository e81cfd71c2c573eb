namespace HubPlatform.Storage.Trees;

/// <summary>A file of a repository at a revision.</summary>
/// <param name="Path">The repository path.</param>
/// <param name="BlobId">The git blob id (of the pointer for LFS files).</param>
/// <param name="Size">The content's size.</param>
/// <param name="Sha256">The content's sha256: where the bytes are in the blob store.</param>
/// <param name="Lfs">Whether it is stored through LFS.</param>
/// <param name="LastCommit">The sequence number of the last commit that changed it.</param>
public sealed record RepoFile(string Path, string BlobId, long Size, string Sha256, bool Lfs, long LastCommit)
{
    public static RepoFile From(string path, TreeItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new RepoFile(path, item.Oid, item.Size, item.Sha256!, item.Lfs, item.LastCommit);
    }
}
