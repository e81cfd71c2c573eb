using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The body of <c>PUT /api/{type}/{repo}/settings</c>: only the settings to change are written.</summary>
public sealed record RepoSettingsRequest
{
    /// <summary>The older visibility flag, sent along with <see cref="Visibility"/> for Hubs that only read it.</summary>
    [JsonPropertyName("private")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Private { get; init; }

    /// <summary><c>public</c>, <c>private</c> or <c>protected</c>.</summary>
    [JsonPropertyName("visibility")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Visibility { get; init; }

    /// <summary>Whether access must be requested (<c>false</c>, <c>"auto"</c> or <c>"manual"</c>).</summary>
    [JsonPropertyName("gated")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GateMode? Gated { get; init; }
}
