using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The answer to <c>POST /api/repos/create</c>; also the body of its 409, which carries <see cref="Error"/>.</summary>
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
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; init; }

    /// <summary>Why the repository was not created (on a 409: it exists).</summary>
    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }
}
