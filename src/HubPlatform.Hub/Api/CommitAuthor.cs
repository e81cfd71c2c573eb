using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>A commit author.</summary>
public sealed record CommitAuthor
{
    /// <summary>The user name.</summary>
    [JsonPropertyName("user")]
    public required string User { get; init; }

    /// <summary>The avatar URL.</summary>
    [JsonPropertyName("avatar")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Avatar { get; init; }
}
