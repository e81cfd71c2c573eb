using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>The answer of <c>/is-valid</c>: which viewer features work for a dataset (or one configuration or split).</summary>
public sealed record IsValidResponse
{
    /// <summary>The first rows can be shown.</summary>
    [JsonPropertyName("preview")]
    public bool Preview { get; init; }

    /// <summary>Any page of rows can be shown.</summary>
    [JsonPropertyName("viewer")]
    public bool Viewer { get; init; }

    /// <summary><c>/search</c> works.</summary>
    [JsonPropertyName("search")]
    public bool Search { get; init; }

    /// <summary><c>/filter</c> works.</summary>
    [JsonPropertyName("filter")]
    public bool Filter { get; init; }

    /// <summary><c>/statistics</c> works.</summary>
    [JsonPropertyName("statistics")]
    public bool Statistics { get; init; }
}
