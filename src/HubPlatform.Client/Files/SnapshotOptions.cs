using HubPlatform.Hub;

namespace HubPlatform.Client.Files;

/// <summary>
/// Options of <see cref="FilesClient.SnapshotDownloadAsync"/>. Patterns are globs over repository paths:
/// <c>*</c> stays within a folder, <c>**</c> crosses folders, a pattern without <c>/</c> matches a file name at any depth,
/// and a pattern ending in <c>/</c> matches everything under that folder.
/// </summary>
public sealed record SnapshotOptions
{
    /// <summary>The repository type; models by default.</summary>
    public RepoType RepoType { get; init; } = RepoType.Model;

    /// <summary>The revision; <c>main</c> by default.</summary>
    public Revision? Revision { get; init; }

    /// <summary>Only files matching one of these are fetched (all when empty).</summary>
    public IReadOnlyList<string> AllowPatterns { get; init; } = [];

    /// <summary>Files matching one of these are skipped.</summary>
    public IReadOnlyList<string> IgnorePatterns { get; init; } = [];

    /// <summary>Files fetched at once; the client's <see cref="HubClientOptions.MaxParallelDownloads"/> when unset.</summary>
    public int? MaxParallelDownloads { get; init; }

    /// <summary>A cache root other than the client's.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Write the files under this folder instead of the cache (<c>local_dir</c> mode).</summary>
    public string? LocalDirectory { get; init; }

    /// <summary>Download again even if files are cached.</summary>
    public bool ForceDownload { get; init; }
}
