using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The answer to <c>POST /api/{type}/{repo}/commit/{rev}</c>.</summary>
public sealed record CommitResponse
{
    /// <summary>Always true on success.</summary>
    [JsonPropertyName("success")]
    public bool Success { get; init; } = true;

    /// <summary>The new commit's id.</summary>
    [JsonPropertyName("commitOid")]
    public required string CommitOid { get; init; }

    /// <summary>Its web address.</summary>
    [JsonPropertyName("commitUrl")]
    public required string CommitUrl { get; init; }

    /// <summary>What server-side hooks printed.</summary>
    [JsonPropertyName("hookOutput")]
    public string HookOutput { get; init; } = string.Empty;

    /// <summary>The discussion of a commit made as a pull request.</summary>
    [JsonPropertyName("pullRequestUrl")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PullRequestUrl { get; init; }
}
