using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The answer to an <see cref="LfsBatchRequest"/>.</summary>
public sealed record LfsBatchResponse
{
    /// <summary>The transfer chosen: <c>basic</c> (multipart objects say so with <c>chunk_size</c> in their header); never <c>xet</c> here.</summary>
    [JsonPropertyName("transfer")]
    public string Transfer { get; init; } = "basic";

    /// <summary>One entry per object asked about.</summary>
    [JsonPropertyName("objects")]
    public required IReadOnlyList<LfsBatchObject> Objects { get; init; }
}
