namespace HubPlatform.Client.Commits;

/// <summary>Deletes a file, or with <see cref="IsFolder"/> everything below a folder.</summary>
public sealed record CommitOperationDelete : CommitOperation
{
    /// <param name="pathInRepo">The file or folder.</param>
    /// <param name="isFolder">Whether to delete a folder.</param>
    public CommitOperationDelete(string pathInRepo, bool isFolder = false)
        : base(pathInRepo.TrimEnd('/')) => IsFolder = isFolder;

    /// <summary>Whether everything below the path is deleted.</summary>
    public bool IsFolder { get; }
}
