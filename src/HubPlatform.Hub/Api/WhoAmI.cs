using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The answer of <c>/api/whoami-v2</c>.</summary>
public sealed record WhoAmI
{
    /// <summary><c>user</c>, <c>org</c> or <c>app</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = "user";

    /// <summary>The internal id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>The user name, the default namespace.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The display name.</summary>
    [JsonPropertyName("fullname")]
    public string? FullName { get; init; }

    /// <summary>The e-mail address.</summary>
    [JsonPropertyName("email")]
    public string? Email { get; init; }

    /// <summary>Whether the e-mail address is verified.</summary>
    [JsonPropertyName("emailVerified")]
    public bool? EmailVerified { get; init; }

    /// <summary>The avatar URL.</summary>
    [JsonPropertyName("avatarUrl")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AvatarUrl { get; init; }

    /// <summary>Whether the account is a paid one.</summary>
    [JsonPropertyName("isPro")]
    public bool? IsPro { get; init; }

    /// <summary>Whether the account can pay.</summary>
    [JsonPropertyName("canPay")]
    public bool? CanPay { get; init; }

    /// <summary>When the paid period ends (Unix seconds), or null.</summary>
    [JsonPropertyName("periodEnd")]
    public long? PeriodEnd { get; init; }

    /// <summary>The organisations the user belongs to.</summary>
    [JsonPropertyName("orgs")]
    public IReadOnlyList<WhoAmIOrg> Orgs { get; init; } = [];

    /// <summary>How the caller authenticated.</summary>
    [JsonPropertyName("auth")]
    public WhoAmIAuth? Auth { get; init; }

    /// <summary>Every field this type does not name, kept as the server sent it.</summary>
    [JsonExtensionData]
    [JsonInclude]
    public Dictionary<string, JsonElement>? ExtensionData { get; internal set; }
}
