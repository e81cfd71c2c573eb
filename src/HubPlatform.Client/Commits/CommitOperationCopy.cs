using HubPlatform.Hub;

namespace HubPlatform.Client.Commits;

/// <summary>
/// Copies a file already in the repository (at <see cref="SourceRevision"/>, or the commit's revision) to a new path. An LFS
/// file is copied by the server without its bytes being sent; a regular file is read and sent again.
/// </summary>
public sealed record CommitOperationCopy : CommitOperation
{
    /// <param name="sourcePathInRepo">The file to copy.</param>
    /// <param name="pathInRepo">Where the copy goes.</param>
    /// <param name="sourceRevision">The revision to copy from (default: the revision committed to).</param>
    public CommitOperationCopy(string sourcePathInRepo, string pathInRepo, Revision? sourceRevision = null)
        : base(pathInRepo)
    {
        SourcePathInRepo = RepoFilePath.Validate(sourcePathInRepo);
        SourceRevision = sourceRevision;
    }

    /// <summary>The file copied.</summary>
    public string SourcePathInRepo { get; }

    /// <summary>The revision it is copied from.</summary>
    public Revision? SourceRevision { get; }
}
