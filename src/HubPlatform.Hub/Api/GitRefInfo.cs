using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>One git reference.</summary>
public sealed record GitRefInfo
{
    /// <summary>The short name (<c>main</c>, <c>v1</c>, <c>parquet</c>).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The full reference (<c>refs/heads/main</c>).</summary>
    [JsonPropertyName("ref")]
    public required string Ref { get; init; }

    /// <summary>The commit it points at.</summary>
    [JsonPropertyName("targetCommit")]
    public required string TargetCommit { get; init; }
}
