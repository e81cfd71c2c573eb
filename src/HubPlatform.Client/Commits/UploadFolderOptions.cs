using HubPlatform.Hub;

namespace HubPlatform.Client.Commits;

/// <summary>What <see cref="CommitsClient.UploadFolderAsync"/> sends, where, and in how many commits.</summary>
public sealed record UploadFolderOptions
{
    /// <summary>The folder in the repository the local folder becomes (the root when null).</summary>
    public string? PathInRepo { get; init; }

    /// <summary>The kind of repository.</summary>
    public RepoType Type { get; init; } = RepoType.Model;

    /// <summary>The branch committed to.</summary>
    public Revision? Revision { get; init; }

    /// <summary>Globs of local paths to send (all when empty); <c>*.json</c> matches at any depth, <c>dir/</c> a whole folder.</summary>
    public IReadOnlyList<string> Allow { get; init; } = [];

    /// <summary>Globs of local paths never sent. <c>.git/</c> and <c>.cache/huggingface/</c> never are, whatever the patterns.</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    /// <summary>
    /// Globs of repository files (relative to <see cref="PathInRepo"/>) to delete when the local folder no longer has them,
    /// e.g. <c>*</c> to make the repository folder an exact copy. <c>.gitattributes</c> is never deleted this way.
    /// </summary>
    public IReadOnlyList<string> Delete { get; init; } = [];

    /// <summary>The commit title (default "Upload folder using HubPlatform").</summary>
    public string? Title { get; init; }

    /// <summary>The commit description.</summary>
    public string? Description { get; init; }

    /// <summary>When set, the first commit is refused (412) unless the branch is still at this commit.</summary>
    public string? ParentCommit { get; init; }

    /// <summary>
    /// The most files one commit holds. A larger folder is sent as several commits of this many files each, in path order,
    /// each based on the one before; deletions go in the last. The Hub handles commits of a few thousand files well.
    /// </summary>
    public int FilesPerCommit { get; init; } = 1000;
}
