using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The token a caller used (never its secret).</summary>
public sealed record AccessTokenInfo
{
    /// <summary>The token's name.</summary>
    [JsonPropertyName("displayName")]
    public string? DisplayName { get; init; }

    /// <summary><c>read</c>, <c>write</c> or <c>fineGrained</c>.</summary>
    [JsonPropertyName("role")]
    public string? Role { get; init; }

    /// <summary>When the token was created.</summary>
    [JsonPropertyName("createdAt")]
    public DateTimeOffset? CreatedAt { get; init; }
}
