namespace HubPlatform.Storage;

/// <summary>One change of a commit.</summary>
public abstract record CommitOperation(string Path);

/// <summary>Adds or replaces a file whose bytes are already in the blob store.</summary>
/// <param name="Path">The repository path.</param>
/// <param name="Sha256">The content's sha256.</param>
/// <param name="Size">The content's size; for an LFS file, -1 copies the size of the object the repository owns.</param>
/// <param name="Lfs">Whether it is stored as an LFS object (its git blob is a pointer).</param>
/// <param name="GitBlobId">For regular files, the git blob id of the content.</param>
public sealed record AddFileOperation(string Path, string Sha256, long Size, bool Lfs, string? GitBlobId) : CommitOperation(Path)
{
    /// <summary>The content when it came with the commit (an inline file): published when the commit lands, discarded otherwise.</summary>
    public IStagedBlob? Staged { get; init; }
}

/// <summary>Removes a file (it must exist).</summary>
public sealed record DeleteFileOperation(string Path) : CommitOperation(Path);

/// <summary>Removes every file below a folder.</summary>
public sealed record DeleteFolderOperation(string Path) : CommitOperation(Path);
