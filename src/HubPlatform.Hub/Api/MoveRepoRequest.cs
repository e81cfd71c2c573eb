using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The body of <c>POST /api/repos/move</c>; the old id redirects afterwards.</summary>
public sealed record MoveRepoRequest
{
    /// <summary>The current id, <c>namespace/name</c>.</summary>
    [JsonPropertyName("fromRepo")]
    public required string FromRepo { get; init; }

    /// <summary>The new id, <c>namespace/name</c>.</summary>
    [JsonPropertyName("toRepo")]
    public required string ToRepo { get; init; }

    /// <summary><c>model</c>, <c>dataset</c> or <c>space</c>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }
}
