using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>Who made an access request.</summary>
public sealed record AccessRequestUser
{
    /// <summary>The user name.</summary>
    [JsonPropertyName("user")]
    public required string User { get; init; }

    /// <summary>The full name.</summary>
    [JsonPropertyName("fullname")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FullName { get; init; }

    /// <summary>The e-mail address, when the user shares one.</summary>
    [JsonPropertyName("email")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Email { get; init; }
}
