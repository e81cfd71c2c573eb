using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The answer of <c>/api/{type}/{repo}/refs</c>.</summary>
public sealed record GitRefs
{
    /// <summary>Branches.</summary>
    [JsonPropertyName("branches")]
    public IReadOnlyList<GitRefInfo> Branches { get; init; } = [];

    /// <summary>Conversion refs such as <c>refs/convert/parquet</c>.</summary>
    [JsonPropertyName("converts")]
    public IReadOnlyList<GitRefInfo> Converts { get; init; } = [];

    /// <summary>Tags.</summary>
    [JsonPropertyName("tags")]
    public IReadOnlyList<GitRefInfo> Tags { get; init; } = [];

    /// <summary>Pull request refs; present when asked for with <c>include_prs=1</c>.</summary>
    [JsonPropertyName("pullRequests")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<GitRefInfo>? PullRequests { get; init; }
}
