using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The JSON body of <c>POST /api/{type}/{repo}/paths-info/{rev}</c>.</summary>
public sealed record PathsInfoRequest
{
    /// <summary>The paths to describe; missing ones are left out of the answer.</summary>
    [JsonPropertyName("paths")]
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>Whether to add <c>lastCommit</c> and security data.</summary>
    [JsonPropertyName("expand")]
    public bool Expand { get; init; }
}
