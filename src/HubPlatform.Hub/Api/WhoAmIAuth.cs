using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>How a <see cref="WhoAmI"/> caller authenticated.</summary>
public sealed record WhoAmIAuth
{
    /// <summary><c>access_token</c> for tokens.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    /// <summary>The token used.</summary>
    [JsonPropertyName("accessToken")]
    public AccessTokenInfo? AccessToken { get; init; }
}
