using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>One file of a <see cref="PreuploadRequest"/>.</summary>
public sealed record PreuploadFile
{
    /// <summary>The path in the repository.</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary>The size in bytes.</summary>
    [JsonPropertyName("size")]
    public long Size { get; init; }

    /// <summary>The first 512 bytes (base64 in JSON), from which a binary file is recognised.</summary>
    [JsonPropertyName("sample")]
    public byte[] Sample { get; init; } = [];
}
