using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The answer to <c>POST /api/repos/create</c>.</summary>
public sealed record CreateRepoResponse
{
    /// <summary>The repository's page, such as <c>https://huggingface.co/datasets/acme/reviews</c>.</summary>
    [JsonPropertyName("url")]
    public required string Url { get; init; }

    /// <summary>The full id, <c>namespace/name</c>.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The repository's object id (stable across renames).</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }
}
