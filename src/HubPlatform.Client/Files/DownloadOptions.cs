using HubPlatform.Hub;

namespace HubPlatform.Client.Files;

/// <summary>Options of <see cref="FilesClient.DownloadFileAsync"/>.</summary>
public sealed record DownloadOptions
{
    /// <summary>The repository type; models by default.</summary>
    public RepoType RepoType { get; init; } = RepoType.Model;

    /// <summary>The revision; <c>main</c> by default.</summary>
    public Revision? Revision { get; init; }

    /// <summary>A cache root other than the client's.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>
    /// Write the file at <c>{LocalDirectory}/{path}</c> instead of the cache, with <c>huggingface_hub</c>'s
    /// <c>.cache/huggingface/download/{path}.metadata</c> beside it.
    /// </summary>
    public string? LocalDirectory { get; init; }

    /// <summary>Download again even if the file is cached.</summary>
    public bool ForceDownload { get; init; }
}
