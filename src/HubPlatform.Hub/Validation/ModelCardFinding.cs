using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Validation;

/// <summary>A place where a model's card disagrees with what validation found in its files.</summary>
public sealed record ModelCardFinding
{
    /// <summary>A stable code: <c>task-mismatch</c>, <c>parameter-count-mismatch</c>, <c>labels-mismatch</c>, <c>library-unsupported</c>.</summary>
    [JsonPropertyName("code")]
    public required string Code { get; init; }

    /// <summary>What disagrees, for people.</summary>
    [JsonPropertyName("message")]
    public required string Message { get; init; }

    /// <summary>The 1-based line of README.md it concerns, when there is one.</summary>
    [JsonPropertyName("line")]
    public int? Line { get; init; }
}
