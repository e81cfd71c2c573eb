using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The body of <c>DELETE /api/repos/delete</c>.</summary>
public sealed record DeleteRepoRequest
{
    /// <summary>The repository's name, without its namespace.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The namespace; absent means the caller's own.</summary>
    [JsonPropertyName("organization")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Organization { get; init; }

    /// <summary><c>model</c>, <c>dataset</c> or <c>space</c>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }
}
