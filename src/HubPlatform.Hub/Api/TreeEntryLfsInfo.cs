using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>LFS data of a tree entry (where the sha256 is called <c>oid</c>).</summary>
public sealed record TreeEntryLfsInfo
{
    /// <summary>The sha256 of the content.</summary>
    [JsonPropertyName("oid")]
    public required string Oid { get; init; }

    /// <summary>The size of the content.</summary>
    [JsonPropertyName("size")]
    public long Size { get; init; }

    /// <summary>The size of the pointer file.</summary>
    [JsonPropertyName("pointerSize")]
    public int PointerSize { get; init; }
}
