using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The answer to <c>POST /api/validate-yaml</c> (400 when it has errors).</summary>
public sealed record ValidateYamlResponse
{
    /// <summary>What makes the card's metadata unacceptable.</summary>
    [JsonPropertyName("errors")]
    public IReadOnlyList<ValidateYamlMessage> Errors { get; init; } = [];

    /// <summary>What the Hub would accept but points out.</summary>
    [JsonPropertyName("warnings")]
    public IReadOnlyList<ValidateYamlMessage> Warnings { get; init; } = [];
}
