using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>The <c>splits</c> entry of <c>dataset_info</c>: a split's name, bytes and rows.</summary>
public sealed record ViewerSplitSize
{
    /// <summary>The split.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Its bytes once decoded in memory.</summary>
    [JsonPropertyName("num_bytes")]
    public long NumBytes { get; init; }

    /// <summary>Its rows.</summary>
    [JsonPropertyName("num_examples")]
    public long NumExamples { get; init; }

    /// <summary>The dataset it belongs to (the <c>datasets</c> library's field; empty here).</summary>
    [JsonPropertyName("dataset_name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DatasetName { get; init; }
}
