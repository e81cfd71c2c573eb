using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>A file listed in a repository's <c>siblings</c>.</summary>
public sealed record RepoSibling
{
    /// <summary>The path relative to the repository root.</summary>
    [JsonPropertyName("rfilename")]
    public required string RFileName { get; init; }

    /// <summary>The real size (the LFS size for LFS files); only with <c>blobs=true</c>.</summary>
    [JsonPropertyName("size")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Size { get; init; }

    /// <summary>The git blob id (of the pointer for LFS files); only with <c>blobs=true</c>.</summary>
    [JsonPropertyName("blobId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BlobId { get; init; }

    /// <summary>LFS data, for LFS files with <c>blobs=true</c>.</summary>
    [JsonPropertyName("lfs")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SiblingLfsInfo? Lfs { get; init; }
}
