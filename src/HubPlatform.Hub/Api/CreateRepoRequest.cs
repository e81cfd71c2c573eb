using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The body of <c>POST /api/repos/create</c>.</summary>
public sealed record CreateRepoRequest
{
    /// <summary>The repository's name, without its namespace.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The namespace; <see langword="null"/> means the caller's own.</summary>
    [JsonPropertyName("organization")]
    public string? Organization { get; init; }

    /// <summary><c>model</c>, <c>dataset</c> or <c>space</c>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>The older flag for visibility, still read by the Hub (Python before 1.0 sends only this).</summary>
    [JsonPropertyName("private")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Private { get; init; }

    /// <summary><c>public</c>, <c>private</c> or <c>protected</c>.</summary>
    [JsonPropertyName("visibility")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Visibility { get; init; }
}
