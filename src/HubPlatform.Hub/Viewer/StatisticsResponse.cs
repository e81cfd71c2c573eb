using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>The answer of <c>/statistics</c>: every described column of a split.</summary>
public sealed record StatisticsResponse
{
    /// <summary>Rows in the split.</summary>
    [JsonPropertyName("num_examples")]
    public long NumExamples { get; init; }

    /// <summary>The columns' statistics, in column order.</summary>
    [JsonPropertyName("statistics")]
    public IReadOnlyList<ViewerColumnStatistics> Statistics { get; init; } = [];

    /// <summary>Whether only a part of the split was read.</summary>
    [JsonPropertyName("partial")]
    public bool Partial { get; init; }
}
