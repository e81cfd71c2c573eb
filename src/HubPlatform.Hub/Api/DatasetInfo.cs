using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>A dataset as listed by <c>/api/datasets</c> or described by <c>/api/datasets/{repo}</c>.</summary>
public sealed record DatasetInfo : RepoInfo
{
    /// <summary>The card's description.</summary>
    [JsonPropertyName("description")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    /// <summary>The card's citation.</summary>
    [JsonPropertyName("citation")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Citation { get; init; }

    /// <summary>The Papers with Code id.</summary>
    [JsonPropertyName("paperswithcode_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PapersWithCodeId { get; init; }

    /// <summary>The size of the main files, in bytes.</summary>
    [JsonPropertyName("mainSize")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? MainSize { get; init; }
}
