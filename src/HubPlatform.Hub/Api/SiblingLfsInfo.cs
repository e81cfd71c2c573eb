using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>LFS data of a file in <c>siblings</c> (where the hash is called <c>sha256</c>).</summary>
public sealed record SiblingLfsInfo
{
    /// <summary>The sha256 of the content.</summary>
    [JsonPropertyName("sha256")]
    public required string Sha256 { get; init; }

    /// <summary>The size of the content.</summary>
    [JsonPropertyName("size")]
    public long Size { get; init; }

    /// <summary>The size of the pointer file.</summary>
    [JsonPropertyName("pointerSize")]
    public int PointerSize { get; init; }
}
