using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>An organisation in <see cref="WhoAmI.Orgs"/>.</summary>
public sealed record WhoAmIOrg
{
    /// <summary>Always <c>org</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = "org";

    /// <summary>The internal id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>The organisation's name (namespace).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The display name.</summary>
    [JsonPropertyName("fullname")]
    public string? FullName { get; init; }
}
