using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The body of <c>POST /api/{type}/{repo}/tag/{revision}</c>.</summary>
public sealed record CreateTagRequest
{
    /// <summary>The tag's name.</summary>
    [JsonPropertyName("tag")]
    public required string Tag { get; init; }

    /// <summary>An annotation.</summary>
    [JsonPropertyName("message")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }
}
